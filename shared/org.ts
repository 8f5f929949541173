/**
 * The org file (SPEC §2) without I/O: `parseOrg` turns already-parsed YAML into a validated `Org`
 * or a list of problems with paths; the loader in app/ adds the file name and line numbers.
 */
import { z } from 'zod';
import { orgReferenceProblems } from './org-checks';
import type { OrgPath, OrgProblem } from './org-problem';
import { orgSchema, type Org } from './org-schema';

export * from './org-access';
export type { ClusterSource, InClusterClusterSource, InlineClusterSource, KubeconfigClusterSource } from './org-cluster-schema';
export * from './org-checks';
export * from './org-problem';
export * from './org-schema';

export type ParseOrgResult = { ok: true; org: Org } | { ok: false; problems: OrgProblem[] };

const EXPECTED_NOUN: Record<string, string> = {
  object: 'a map',
  record: 'a map',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** How a YAML value reads to the person who wrote it. */
function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

/** Wording for zod's generic issues; schema-specific messages take precedence over this. */
const friendlyMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `expected ${EXPECTED_NOUN[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
};

function toOrgPath(path: readonly PropertyKey[]): OrgPath {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** One problem per unknown key, located at the key itself, so each typo gets its own line number. */
function issueToProblems(issue: z.core.$ZodIssue): OrgProblem[] {
  const path = toOrgPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: issue.message }));
  }
  return [{ path, message: issue.message }];
}

/** Validates parsed YAML/JSON: the schema first, then (only if it holds) the cross-references. */
export function parseOrg(input: unknown): ParseOrgResult {
  const parsed = orgSchema.safeParse(input, { error: friendlyMessages });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(issueToProblems) };
  const problems = orgReferenceProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, org: parsed.data };
}
