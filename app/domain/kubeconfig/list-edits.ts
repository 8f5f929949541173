// Text edits that change the items of one existing kubeconfig list, block (`- name: …`) or flow
// (`[{name: …}]`). Only the spans of items Gatehouse removes or replaces are touched; comments
// between items stay where they are.
import type { Node, YAMLSeq } from 'yaml';
import { contentEnd } from './content-end';
import type { ParsedKubeconfig } from './parse-kubeconfig';
import { blockItemText, flowText, type BlockStyle } from './render-yaml';
import { afterIndentedComments, breakBefore, columnOf, lineStart, nextLineStart } from './source-lines';
import type { TextEdit } from './text-edit';

/** What to do to one list: items to drop, items to rewrite (by index) and new items to add at its end. */
export interface ListChange {
  remove: Set<number>;
  replace: Map<number, unknown>;
  append: unknown[];
}

export function emptyListChange(): ListChange {
  return { remove: new Set(), replace: new Map(), append: [] };
}

export function isEmptyListChange(change: ListChange): boolean {
  return change.remove.size === 0 && change.replace.size === 0 && change.append.length === 0;
}

function rangeOf(node: Node | null): [number, number] {
  const range = node?.range;
  if (!range) throw new Error('internal: a kubeconfig list item has no source range');
  return [range[0], range[1]];
}

/** The offset of the `-` in front of block item `index`, from the CST the parser kept. */
function dashOffset(seq: YAMLSeq<Node | null>, index: number): number {
  const token = seq.srcToken;
  const indicator = token?.type === 'block-seq' ? token.items[index]?.start.find((t) => t.type === 'seq-item-ind') : undefined;
  if (indicator === undefined) throw new Error('internal: cannot find the "-" of a kubeconfig list item');
  return indicator.offset;
}

/**
 * A block item spans whole lines: from the line of its `-` to the end of the line where its content
 * ends. Comment lines after the content (which the parser attaches to the item) are left alone,
 * and new items go right after the last item's content, before any comment that follows it.
 */
function blockListEdits(parsed: ParsedKubeconfig, seq: YAMLSeq<Node | null>, change: ListChange, style: BlockStyle): TextEdit[] {
  const { text } = parsed;
  const dashColumn = columnOf(text, dashOffset(seq, 0));
  const end = (index: number): number => nextLineStart(text, contentEnd(seq.items[index]) ?? dashOffset(seq, index) + 1);
  const span = (index: number): { start: number; end: number } => ({ start: lineStart(text, dashOffset(seq, index)), end: end(index) });
  const edits: TextEdit[] = [];
  for (const index of change.remove) edits.push({ ...span(index), text: '' });
  for (const [index, value] of change.replace) edits.push({ ...span(index), text: blockItemText(value, columnOf(text, dashOffset(seq, index)), style) });
  if (change.append.length > 0) {
    const at = afterIndentedComments(text, end(seq.items.length - 1), dashColumn);
    const items = change.append.map((value) => blockItemText(value, dashColumn, style)).join('');
    edits.push({ start: at, end: at, text: breakBefore(text, at, style.eol) + items });
  }
  return edits;
}

/** Consecutive runs of removed indexes, so a run's commas are deleted exactly once. */
function removedRuns(removed: ReadonlySet<number>, count: number): Array<[first: number, last: number]> {
  const runs: Array<[number, number]> = [];
  for (let index = 0; index < count; index++) {
    if (!removed.has(index)) continue;
    const run = runs.at(-1);
    if (run && run[1] === index - 1) run[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/**
 * Flow items are separated by commas: a removed run takes the comma after it, or — at the end of
 * the list — the comma before it. New items go right after the last surviving item.
 */
function flowListEdits(seq: YAMLSeq<Node | null>, change: ListChange): TextEdit[] {
  const count = seq.items.length;
  const range = (index: number): [number, number] => rangeOf(seq.items[index] ?? null);
  const edits: TextEdit[] = [];
  for (const [first, last] of removedRuns(change.remove, count)) {
    if (last < count - 1) edits.push({ start: range(first)[0], end: range(last + 1)[0], text: '' });
    else if (first > 0) edits.push({ start: range(first - 1)[1], end: range(last)[1], text: '' });
    else edits.push({ start: range(first)[0], end: range(last)[1], text: '' });
  }
  for (const [index, value] of change.replace) edits.push({ start: range(index)[0], end: range(index)[1], text: flowText(value) });
  if (change.append.length > 0) {
    const survivors = [...Array(count).keys()].filter((index) => !change.remove.has(index));
    const lastSurvivor = survivors.at(-1);
    const items = change.append.map((value) => flowText(value)).join(', ');
    if (lastSurvivor === undefined) {
      const open = rangeOf(seq)[0] + 1;
      edits.push({ start: open, end: open, text: items });
    } else {
      const at = range(lastSurvivor)[1];
      edits.push({ start: at, end: at, text: `, ${items}` });
    }
  }
  return edits;
}

export function listEdits(parsed: ParsedKubeconfig, seq: YAMLSeq<Node | null>, change: ListChange, style: BlockStyle): TextEdit[] {
  if (isEmptyListChange(change)) return [];
  return seq.srcToken?.type === 'block-seq' ? blockListEdits(parsed, seq, change, style) : flowListEdits(seq, change);
}
