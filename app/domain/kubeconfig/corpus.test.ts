// The planner on a corpus of realistic kubeconfigs (testdata/): foreign bytes survive in order,
// client-node and the real kubectl read the result, the Gatehouse entries are right, and a second
// run changes nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LoopbackEntry } from './desired-entry';
import { entryName, type EntryKind } from './entry-names';
import { KubeconfigClashError, KubeconfigShapeError, KubeconfigSyntaxError } from './errors';
import { planKubeconfig, type PlanOptions } from './plan-kubeconfig';
import { desired, expectGatehouseEntries, firstMissingFragment, foreignFragments, hasKubectl, kubectlContextNames } from './testing/fixtures';

const TESTDATA = path.join(import.meta.dirname, 'testdata');
const STAGING_AND_DEV = [desired('staging', 16400), desired('dev', 16401)];

interface CorpusCase {
  /** A file in testdata/, or null for a missing file. */
  file: string | null;
  entries?: LoopbackEntry[];
  options?: PlanOptions;
  /** Resources whose owned entries the file already has but which are no longer assigned. */
  leftovers?: string[];
  /** Namespaces the Gatehouse contexts keep from the file. */
  namespaces?: Record<string, string>;
  /**
   * Gatehouse adds list keys or the config header, or ends the file with a line break: removing
   * its entries again does not give back the original bytes exactly.
   */
  addsStructure?: boolean;
  status?: { added?: string[]; updated?: string[]; removed?: string[]; unchanged?: string[] };
  error?: { type: 'syntax' | 'shape' | 'clash'; at?: string; clashes?: Array<{ kind: EntryKind; name: string; line: number }> };
}

const CASES: CorpusCase[] = [
  { file: 'kind-basic.yaml', status: { added: ['staging', 'dev'] } },
  { file: 'eks-exec.yaml' },
  { file: 'eks-exec.yaml', options: { useContext: 'staging' } },
  { file: 'gke-exec.yaml' },
  { file: 'azure-aks.yaml' },
  { file: 'rancher.yaml' },
  { file: 'openshift.yaml' },
  { file: 'comments-everywhere.yaml' },
  { file: 'extensions-all-levels.yaml' },
  { file: 'proxy-url.yaml' },
  { file: 'insecure.yaml' },
  // This file has its own context called dev.
  { file: 'preferences.yaml', entries: [desired('staging', 16400), desired('qa', 16402)] },
  { file: 'anchors-aliases.yaml' },
  { file: 'flow-style.yaml' },
  { file: 'json-format.yaml' },
  { file: 'quoted-keys.yaml' },
  { file: 'crlf.yaml' },
  { file: 'unicode.yaml' },
  { file: 'indented-sequences.yaml' },
  { file: 'blank-lines.yaml' },
  { file: 'document-markers.yaml' },
  { file: 'tags-and-block-scalars.yaml' },
  { file: 'kubectl-rewritten.yaml', status: { unchanged: ['staging', 'dev'] } },
  { file: 'multi-a.yaml' },
  { file: 'multi-b.yaml' },
  { file: 'no-trailing-newline.yaml', addsStructure: true },
  { file: 'only-comments.yaml', addsStructure: true },
  { file: 'empty.yaml', addsStructure: true },
  { file: null, addsStructure: true, status: { added: ['staging', 'dev'] } },
  { file: 'null-document.yaml', addsStructure: true },
  { file: 'null-sections.yaml', addsStructure: true },
  { file: 'null-sections.yaml', addsStructure: true, options: { useContext: 'dev' } },
  { file: 'missing-sections.yaml', addsStructure: true },
  {
    file: 'leftovers.yaml',
    leftovers: ['old-sandbox'],
    namespaces: { staging: 'team-a' },
    status: { added: ['dev'], updated: ['staging'], removed: ['old-sandbox'] },
  },
  { file: 'duplicate-owned.yaml', status: { added: ['dev'], updated: ['staging'] } },
  { file: 'clash-foreign-context.yaml', error: { type: 'clash', clashes: [{ kind: 'context', name: 'staging', line: 9 }] } },
  { file: 'clash-foreign-context.yaml', options: { force: true }, addsStructure: true, namespaces: { staging: 'checkout' }, status: { updated: ['staging'], added: ['dev'] } },
  { file: 'clash-foreign-cluster.yaml', error: { type: 'clash', clashes: [{ kind: 'cluster', name: 'gatehouse-dev', line: 4 }] } },
  { file: 'clash-foreign-cluster.yaml', options: { force: true }, addsStructure: true },
  { file: 'invalid-yaml.yaml', error: { type: 'syntax', at: 'kubeconfig:7:' } },
  { file: 'invalid-unclosed-flow.yaml', error: { type: 'syntax', at: 'kubeconfig:' } },
  { file: 'multi-document.yaml', error: { type: 'syntax', at: 'kubeconfig:3:' } },
  { file: 'invalid-shape.yaml', error: { type: 'shape', at: 'kubeconfig:4:3' } },
];

function readCase(file: string | null): string | undefined {
  return file === null ? undefined : readFileSync(path.join(TESTDATA, file), 'utf8');
}

function title(c: CorpusCase): string {
  const options = Object.entries(c.options ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return [c.file ?? '(missing file)', ...options].join(' ');
}

function contextsOf(text: string | undefined): KubeConfig['contexts'] {
  if (text === undefined || parse(text) === null) return [];
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc.contexts;
}

describe('kubeconfig corpus', () => {
  it('has at least 25 distinct files, including a CRLF one', () => {
    const files = new Set(CASES.flatMap((c) => (c.file === null ? [] : [c.file])));
    expect(files.size).toBeGreaterThanOrEqual(25);
    expect(readCase('crlf.yaml')).toMatch(/\r\n/);
    expect(readCase('crlf.yaml')).not.toMatch(/[^\r]\n/);
  });

  const failures = CASES.filter((c) => c.error !== undefined);
  it.each(failures.map((c) => [title(c), c] as const))('%s is refused with a located error', (_, c) => {
    const original = readCase(c.file);
    const expected = c.error;
    let thrown: unknown;
    try {
      planKubeconfig(original, c.entries ?? STAGING_AND_DEV, c.options);
    } catch (error) {
      thrown = error;
    }
    const type = { syntax: KubeconfigSyntaxError, shape: KubeconfigShapeError, clash: KubeconfigClashError }[expected?.type ?? 'syntax'];
    expect(thrown).toBeInstanceOf(type);
    if (expected?.at !== undefined) expect((thrown as Error).message.startsWith(expected.at)).toBe(true);
    if (expected?.clashes !== undefined) expect((thrown as KubeconfigClashError).clashes).toEqual(expected.clashes);
    expect((thrown as Error).message).not.toContain('\n');
  });

  const successes = CASES.filter((c) => c.error === undefined);
  it.each(successes.map((c) => [title(c), c] as const))('%s', (_, c) => {
    const original = readCase(c.file);
    const entries = c.entries ?? STAGING_AND_DEV;
    const options = c.options ?? {};
    const plan = planKubeconfig(original, entries, options);

    // The Gatehouse entries, as an ordinary client reads them.
    const kc = expectGatehouseEntries(plan.text, entries, c.namespaces);
    if (options.useContext !== undefined) expect(kc.getCurrentContext()).toBe(options.useContext);
    if (c.status) expect(plan).toMatchObject(c.status);

    // Every foreign byte survives, in order.
    const touched = new Set([...entries.map((e) => e.resource), ...(c.leftovers ?? [])]);
    const mayChange = (kind: EntryKind, name: string): boolean => [...touched].some((r) => entryName(kind, r) === name);
    const fragments = foreignFragments(original ?? '', mayChange, options.useContext !== undefined);
    expect(firstMissingFragment(plan.text, fragments)).toBeUndefined();

    // Foreign contexts are all still there, as they were (unless --force replaced one).
    const before = contextsOf(original).filter((ctx) => !touched.has(ctx.name));
    const after = new Map(kc.contexts.map((ctx) => [ctx.name, ctx]));
    for (const ctx of before) expect(after.get(ctx.name)).toEqual(ctx);

    // Line endings follow the file.
    if (original?.includes('\r\n')) expect(plan.text).not.toMatch(/[^\r]\n/);

    // Idempotent.
    const again = planKubeconfig(plan.text, entries, options);
    expect(again.changed).toBe(false);
    expect(again.text).toBe(plan.text);
    expect(again.unchanged).toEqual(entries.map((e) => e.resource));

    // Removing Gatehouse's entries again gives back the original minus its leftovers, byte for byte.
    if (!c.addsStructure && options.useContext === undefined) expect(planKubeconfig(plan.text, []).text).toBe(planKubeconfig(original, []).text);
  });

  it.skipIf(!hasKubectl).each(successes.map((c) => [title(c), c] as const))('kubectl 1.33 reads the result of %s', { timeout: 20_000 }, (_, c) => {
    const plan = planKubeconfig(readCase(c.file), c.entries ?? STAGING_AND_DEV, c.options);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-corpus-')), 'config');
    writeFileSync(file, plan.text);
    const names = kubectlContextNames(file);
    for (const entry of c.entries ?? STAGING_AND_DEV) expect(names).toContain(entry.resource);
  });
});
