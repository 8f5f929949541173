// How the file writes block lists, so inserted entries look like their neighbours: kubectl writes
// `clusters:\n- name`, many hand-written files indent the dash.
import { isSeq, type Node, type Pair } from 'yaml';
import type { ParsedKubeconfig } from './parse-kubeconfig';
import type { BlockStyle } from './render-yaml';
import { columnOf, lineEnding } from './source-lines';

export function blockStyleOf(parsed: ParsedKubeconfig): BlockStyle {
  const eol = lineEnding(parsed.text);
  for (const pair of (parsed.root?.items ?? []) as Array<Pair<Node, Node | null>>) {
    const seq = pair.value;
    const keyStart = pair.key.range?.[0];
    if (!isSeq(seq) || seq.srcToken?.type !== 'block-seq' || keyStart === undefined) continue;
    const dash = seq.srcToken.items[0]?.start.find((t) => t.type === 'seq-item-ind');
    if (dash) return { eol, indentSeq: columnOf(parsed.text, dash.offset) > columnOf(parsed.text, keyStart) };
  }
  return { eol, indentSeq: false };
}
