// Property tests on generated kubeconfigs: random foreign entries, comments, list styles, line
// endings and Gatehouse leftovers. The generator writes text itself, not through the planner.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { entryName, OWNED_EXTENSION, type EntryKind } from './entry-names';
import { KubeconfigClashError } from './errors';
import { planKubeconfig } from './plan-kubeconfig';
import { desired, expectGatehouseEntries, firstMissingFragment, foreignFragments } from './testing/fixtures';

const RESOURCES = ['alpha', 'beta', 'gamma', 'delta'] as const;
const PORTS: Record<string, number> = { alpha: 16400, beta: 16401, gamma: 16402, delta: 16403 };
const KINDS = [
  { kind: 'cluster', list: 'clusters' },
  { kind: 'user', list: 'users' },
  { kind: 'context', list: 'contexts' },
] as const;

type Style = 'block' | 'indented' | 'flow' | 'null' | 'missing';

interface GeneratedItem {
  name: string;
  /** Set for an entry Gatehouse wrote earlier. */
  owner?: string;
  comment?: string;
}

interface GeneratedConfig {
  eol: '\n' | '\r\n';
  header: string[];
  sections: Array<{ style: Style; items: GeneratedItem[]; commentsBetween: string[] }>;
  trailer: string[];
}

const comment = fc.constantFrom('# note', '#', '# ünïcödé ✓', '# - name: fake', '# server: https://x', '#: colon');
const foreignName = fc.constantFrom('prod', 'kind-kind', 'team/a:6443', 'gatehouse-zeta', 'Ünï', 'on', 'alpha', 'gatehouse-beta', 'x y');

function body(kind: EntryKind, item: GeneratedItem): Record<string, unknown> {
  const owned = item.owner === undefined ? {} : { extensions: [{ name: OWNED_EXTENSION, extension: { resource: item.owner } }] };
  if (kind === 'cluster') return { server: `https://${encodeURIComponent(item.name)}.example.com`, ...owned };
  if (kind === 'user') return { token: `t-${encodeURIComponent(item.name)}`, ...owned };
  return { cluster: 'c', user: 'u', ...owned };
}

function blockItem(kind: EntryKind, item: GeneratedItem, dash: number, eol: string): string {
  const pad = ' '.repeat(dash);
  const lines = [`${pad}- name: ${JSON.stringify(item.name)}${item.comment === undefined ? '' : ` ${item.comment}`}`, `${pad}  ${kind}:`];
  for (const [key, value] of Object.entries(body(kind, item))) {
    if (key !== 'extensions') {
      lines.push(`${pad}    ${key}: ${JSON.stringify(value)}`);
    } else {
      const owner = (value as Array<{ extension: { resource: string } }>)[0]?.extension.resource ?? '';
      lines.push(`${pad}    extensions:`, `${pad}    - name: ${OWNED_EXTENSION}`, `${pad}      extension:`, `${pad}        resource: ${JSON.stringify(owner)}`);
    }
  }
  return lines.map((line) => line + eol).join('');
}

function render(config: GeneratedConfig): string {
  const { eol } = config;
  let text = config.header.map((c) => c + eol).join('') + `apiVersion: v1${eol}kind: Config${eol}`;
  config.sections.forEach((section, index) => {
    const { kind, list } = KINDS[index] ?? KINDS[0];
    if (section.style === 'missing') return;
    if (section.style === 'null') {
      text += `${list}: null${eol}`;
      return;
    }
    if (section.style === 'flow') {
      const items = section.items.map((item) => JSON.stringify({ name: item.name, [kind]: body(kind, item) }));
      text += `${list}: [${items.join(`,${eol}  `)}]${eol}`;
      return;
    }
    if (section.items.length === 0) {
      text += `${list}: []${eol}`;
      return;
    }
    text += `${list}:${eol}`;
    section.items.forEach((item, i) => {
      const between = section.commentsBetween[i];
      if (between !== undefined) text += between + eol;
      text += blockItem(kind, item, section.style === 'indented' ? 2 : 0, eol);
    });
  });
  return text + config.trailer.map((c) => c + eol).join('');
}

const ownedLeftovers = fc.subarray([...RESOURCES]);
const generatedConfig = fc
  .record({
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    header: fc.array(comment, { maxLength: 2 }),
    owned: ownedLeftovers,
    sections: fc.tuple(
      ...KINDS.map(() =>
        fc.record({
          style: fc.constantFrom<Style>('block', 'block', 'indented', 'flow', 'null', 'missing'),
          foreign: fc.array(fc.record({ name: foreignName, comment: fc.option(comment, { nil: undefined }) }), { maxLength: 4 }),
          commentsBetween: fc.array(fc.oneof(comment, fc.constant('')), { maxLength: 5 }),
          ownedAt: fc.array(fc.nat(), { maxLength: 4 }),
        }),
      ),
    ),
    trailer: fc.array(comment, { maxLength: 2 }),
  })
  .map(({ eol, header, owned, sections, trailer }): GeneratedConfig => ({
    eol,
    header,
    trailer,
    sections: sections.map((section, index) => {
      const { kind } = KINDS[index] ?? KINDS[0];
      const canHoldItems = section.style !== 'null' && section.style !== 'missing';
      const items: GeneratedItem[] = canHoldItems ? section.foreign.map((f) => ({ name: f.name, comment: section.style === 'flow' ? undefined : f.comment })) : [];
      if (canHoldItems) {
        owned.forEach((resource, i) => {
          const at = Math.min(section.ownedAt[i] ?? items.length, items.length);
          items.splice(at, 0, { name: entryName(kind, resource), owner: resource });
        });
      }
      return { style: section.style, items, commentsBetween: section.style === 'flow' ? [] : section.commentsBetween };
    }),
  }));

const desiredSet = fc.subarray([...RESOURCES]).map((names) => names.map((name) => desired(name, PORTS[name] ?? 16499)));

function clashes(config: GeneratedConfig, resources: readonly string[]): boolean {
  return config.sections.some((section, index) => {
    const { kind } = KINDS[index] ?? KINDS[0];
    return section.items.some((item) => item.owner === undefined && resources.some((r) => entryName(kind, r) === item.name));
  });
}

function ownedResources(text: string): string[] {
  return [...planKubeconfig(text, []).removed].sort();
}

function foreignCount(text: string, managed: (kind: EntryKind, name: string) => boolean): number {
  const config = (parse(text, { version: '1.1' }) ?? {}) as Record<string, Array<{ name?: string }> | null>;
  return KINDS.reduce((count, { kind, list }) => count + (config[list] ?? []).filter((item) => !managed(kind, String(item.name))).length, 0);
}

describe('planner properties', () => {
  it('is idempotent, keeps foreign bytes, owns exactly the assigned resources, and is undone by an empty plan', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(generatedConfig, desiredSet, (config, entries) => {
        const original = render(config);
        const resources = entries.map((e) => e.resource);
        if (clashes(config, resources)) {
          expect(() => planKubeconfig(original, entries)).toThrow(KubeconfigClashError);
          return;
        }
        const plan = planKubeconfig(original, entries);
        expectGatehouseEntries(plan.text, entries);

        expect(planKubeconfig(plan.text, entries).changed).toBe(false);

        const leftovers = config.sections.flatMap((s) => s.items.flatMap((i) => (i.owner === undefined ? [] : [i.owner])));
        const touched = new Set([...resources, ...leftovers]);
        const managed = (kind: EntryKind, name: string): boolean => [...touched].some((r) => entryName(kind, r) === name);
        expect(firstMissingFragment(plan.text, foreignFragments(original, managed))).toBeUndefined();
        expect(foreignCount(plan.text, managed)).toBe(foreignCount(original, managed));

        expect(ownedResources(plan.text)).toEqual([...resources].sort());
        expect(plan.removed.sort()).toEqual([...new Set(leftovers)].filter((r) => !resources.includes(r)).sort());

        if (config.eol === '\r\n') expect(plan.text).not.toMatch(/[^\r]\n/);
        if (config.sections.every((s) => s.style !== 'null' && s.style !== 'missing')) {
          expect(planKubeconfig(plan.text, []).text).toBe(planKubeconfig(original, []).text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with force, always ends with exactly the Gatehouse entries and stays stable', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(generatedConfig, desiredSet, (config, entries) => {
        const plan = planKubeconfig(render(config), entries, { force: true });
        expectGatehouseEntries(plan.text, entries);
        expect(ownedResources(plan.text)).toEqual(entries.map((e) => e.resource).sort());
        expect(planKubeconfig(plan.text, entries).changed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
