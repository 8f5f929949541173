// An item Gatehouse removes or rewrites must not define an anchor that an alias elsewhere uses:
// the alias would dangle and the whole file would stop parsing. (Only possible with --force or a
// hand-edited Gatehouse entry; refused with a message saying where.)
import { isAlias, isNode, visit, type Node } from 'yaml';
import { KubeconfigShapeError } from './errors';
import type { KubeconfigSection } from './kubeconfig-section';
import type { ListChange } from './list-edits';
import type { ParsedKubeconfig } from './parse-kubeconfig';

function anchorsIn(node: Node): Set<string> {
  const anchors = new Set<string>();
  visit(node, (_, child) => {
    if (isNode(child) && child.anchor !== undefined) anchors.add(child.anchor);
  });
  if (node.anchor !== undefined) anchors.add(node.anchor);
  return anchors;
}

function aliasesOutside(parsed: ParsedKubeconfig, node: Node): Set<string> {
  const [start, end] = node.range ?? [0, 0];
  const used = new Set<string>();
  visit(parsed.doc, {
    Alias: (_, alias) => {
      const at = alias.range?.[0] ?? -1;
      if (isAlias(alias) && (at < start || at >= end)) used.add(alias.source);
    },
  });
  return used;
}

export function assertNoDanglingAliases(parsed: ParsedKubeconfig, section: KubeconfigSection, change: ListChange): void {
  const seq = section.seq;
  if (!seq) return;
  for (const index of [...change.remove, ...change.replace.keys()]) {
    const node = seq.items[index];
    if (!node) continue;
    const anchors = anchorsIn(node);
    if (anchors.size === 0) continue;
    const used = [...aliasesOutside(parsed, node)].filter((name) => anchors.has(name));
    if (used.length > 0) {
      const name = section.items[index]?.name ?? `#${index}`;
      throw new KubeconfigShapeError(
        `${section.kind} "${name}" defines ${used.map((a) => `&${a}`).join(', ')}, used by an alias elsewhere; Gatehouse cannot replace or remove it`,
        node.range ? parsed.positionOf(node.range[0]) : undefined,
      );
    }
  }
}
