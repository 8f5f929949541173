// Shared by the kubeconfig tests: desired entries with known values, and checks that are
// independent of the planner (client-node parsing, foreign-byte survival, the real kubectl).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { isMap, isScalar, isSeq, Parser, parseDocument, type Node, type Pair } from 'yaml';
import type { LoopbackEntry } from '../desired-entry';
import { entryName, type EntryKind } from '../entry-names';

export const TEST_CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfakeGatehouseLocalCA\n-----END CERTIFICATE-----\n';

export const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
export const hasKubectl = existsSync(KUBECTL);

export function desired(resource: string, port: number): LoopbackEntry {
  return { resource, port, token: `token-${resource}`, caPem: TEST_CA_PEM };
}

/** Checks the Gatehouse entries with @kubernetes/client-node, which reads the file like an ordinary client. */
export function expectGatehouseEntries(text: string, entries: readonly LoopbackEntry[], namespaces: Record<string, string> = {}): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  for (const entry of entries) {
    const context = kc.getContextObject(entry.resource);
    if (!context) throw new Error(`context ${entry.resource} missing`);
    const want = { cluster: entryName('cluster', entry.resource), user: entryName('user', entry.resource), namespace: namespaces[entry.resource] };
    const got = { cluster: context.cluster, user: context.user, namespace: context.namespace };
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`context ${entry.resource}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
    const cluster = kc.getCluster(want.cluster);
    if (cluster?.server !== `https://127.0.0.1:${entry.port}` || cluster.caData !== Buffer.from(entry.caPem).toString('base64')) {
      throw new Error(`cluster ${want.cluster}: ${JSON.stringify(cluster)}`);
    }
    if (kc.getUser(want.user)?.token !== entry.token) throw new Error(`user ${want.user} has the wrong token`);
  }
  return kc;
}

/** Contexts as the real kubectl (client-go, YAML 1.1) sees them: proof the file is valid for Go tools too. */
export function kubectlContextNames(file: string): string[] {
  return execFileSync(KUBECTL, ['--kubeconfig', file, 'config', 'get-contexts', '-o', 'name'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

interface Span {
  start: number;
  end: number;
}

const SECTION_KIND: Record<string, EntryKind> = { clusters: 'cluster', users: 'user', contexts: 'context' };

function collectComments(token: unknown, into: Span[]): void {
  if (Array.isArray(token)) {
    for (const item of token) collectComments(item, into);
  } else if (typeof token === 'object' && token !== null) {
    const record = token as Record<string, unknown>;
    if (record.type === 'comment' && typeof record.offset === 'number' && typeof record.source === 'string') {
      into.push({ start: record.offset, end: record.offset + record.source.length });
    }
    for (const value of Object.values(record)) if (typeof value === 'object') collectComments(value, into);
  }
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndAfter(text: string, offset: number): number {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** A block item's lines, without the comment and blank lines the parser counts as part of it. */
function blockItemSpan(text: string, start: number, end: number): Span {
  const first = lineStartOf(text, start);
  let last = lineEndAfter(text, end);
  for (;;) {
    const lineBegin = lineStartOf(text, last - 1);
    const line = text.slice(lineBegin, last).trim();
    if (lineBegin <= first || !(line === '' || line.startsWith('#'))) break;
    last = lineBegin;
  }
  return { start: first, end: last };
}

/**
 * The pieces of `original` that must reach the output unchanged and in order: every top-level pair
 * except the three lists (and `current-context` when it may change), every list item Gatehouse may
 * not touch, every comment outside those items, and the list keys themselves. `mayChange(kind,
 * name)` says which items Gatehouse may rewrite or remove.
 */
export function foreignFragments(original: string, mayChange: (kind: EntryKind, name: string) => boolean, currentContextMayChange = false): string[] {
  const doc = parseDocument(original, { version: '1.1', keepSourceTokens: true });
  const root = doc.contents;
  const spans: Span[] = [];
  const changeable: Span[] = [];
  if (isMap(root)) {
    for (const pair of root.items as Array<Pair<Node, Node | null>>) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyRange = pair.key.range;
      const valueRange = pair.value?.range;
      if (!keyRange) continue;
      const kind = SECTION_KIND[key];
      if (kind === undefined && !(key === 'current-context' && currentContextMayChange)) {
        spans.push({ start: keyRange[0], end: valueRange?.[1] ?? keyRange[1] });
        continue;
      }
      spans.push({ start: keyRange[0], end: keyRange[1] });
      if (kind === undefined || !isSeq(pair.value)) continue;
      const flow = pair.value.srcToken?.type === 'flow-collection';
      const items = pair.value.items as Array<Node | null>;
      items.forEach((item, index) => {
        const range = item?.range;
        if (!range) return;
        const name = (item?.toJS(doc) as { name?: unknown } | null)?.name;
        if (typeof name === 'string' && mayChange(kind, name)) {
          const next = items[index + 1]?.range?.[0];
          changeable.push(flow ? { start: range[0], end: next ?? range[1] } : blockItemSpan(original, range[0], range[1]));
        } else {
          spans.push({ start: range[0], end: range[1] });
        }
      });
    }
  }
  const comments: Span[] = [];
  for (const token of new Parser().parse(original)) collectComments(token, comments);
  spans.push(...comments.filter((c) => !changeable.some((s) => c.start >= s.start && c.start < s.end)));

  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of spans) {
    const last = kept.at(-1);
    if (last && span.start < last.end) continue; // inside a larger kept piece
    kept.push(span);
  }
  return kept.map((s) => original.slice(s.start, s.end)).filter((s) => s !== '');
}

/** The first fragment of `fragments` missing from `output` when read in order, or undefined. */
export function firstMissingFragment(output: string, fragments: readonly string[]): string | undefined {
  let cursor = 0;
  for (const fragment of fragments) {
    const at = output.indexOf(fragment, cursor);
    if (at === -1) return fragment;
    cursor = at + fragment.length;
  }
  return undefined;
}
