/**
 * Reads and validates the org file (SPEC §2). Every failure is an OrgFileError naming the file,
 * the path inside it and the line, so a typo is fixed in one go rather than by trial and error.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { parseOrg, type Org, type OrgProblem } from '../../../shared/org';
import { OrgFileError, type OrgFileProblem } from './org-file-error';
import { resolveOrgPaths } from './resolve-paths';
import { locate } from './yaml-location';

export { defaultOrgPath } from './default-path';
export { OrgFileError, type OrgFileProblem } from './org-file-error';

export interface LoadedOrg {
  /** Absolute path of the org file. */
  file: string;
  /** Validated, with every file path inside made absolute. */
  org: Org;
}

function hasCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

async function readOrgText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (hasCode(error, 'ENOENT')) throw OrgFileError.about(file, 'not found (set --org or GATEHOUSE_ORG)', error);
    if (hasCode(error, 'EISDIR')) throw OrgFileError.about(file, 'is a directory, expected a YAML file', error);
    if (hasCode(error, 'EACCES')) throw OrgFileError.about(file, 'cannot be read: permission denied', error);
    const reason = error instanceof Error ? error.message : String(error);
    throw OrgFileError.about(file, `cannot be read: ${reason}`, error);
  }
}

function syntaxProblems(doc: Document, lineCounter: LineCounter): OrgFileProblem[] {
  return doc.errors.map((error) => ({
    position: lineCounter.linePos(error.pos[0]),
    message: `invalid YAML: ${error.message.split('\n')[0] ?? error.message}`,
  }));
}

/** File order reads best: problems sorted by line, then column; unlocated ones last. */
function byPosition(a: OrgFileProblem, b: OrgFileProblem): number {
  const lineA = a.position?.line ?? Infinity;
  const lineB = b.position?.line ?? Infinity;
  if (lineA !== lineB) return lineA - lineB;
  return (a.position?.col ?? 0) - (b.position?.col ?? 0);
}

function locateAll(problems: readonly OrgProblem[], doc: Document, lineCounter: LineCounter): OrgFileProblem[] {
  return problems.map((problem) => ({ ...problem, position: locate(doc, lineCounter, problem.path) })).sort(byPosition);
}

/** Reads, parses and validates the org file at `file` (relative to the working directory). */
export async function loadOrg(file: string): Promise<LoadedOrg> {
  const absolute = path.resolve(file);
  const text = await readOrgText(absolute);
  const lineCounter = new LineCounter();
  // prettyErrors off: we format positions ourselves and keep each message to one line.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw new OrgFileError(absolute, syntaxProblems(doc, lineCounter));
  if (doc.contents === null) {
    throw OrgFileError.about(absolute, 'is empty; expected "users:", "roles:" and "resources:"');
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // e.g. too many aliases (a "billion laughs" file): report it, do not crash.
    throw OrgFileError.about(
      absolute,
      `invalid YAML: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const result = parseOrg(data);
  if (!result.ok) throw new OrgFileError(absolute, locateAll(result.problems, doc, lineCounter));
  return { file: absolute, org: resolveOrgPaths(result.org, path.dirname(absolute), homedir()) };
}
