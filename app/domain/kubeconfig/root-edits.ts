// Text edits at the top level of the kubeconfig: a list that is missing or null gets its items,
// and `current-context` gets a value. Works for a block top level (the usual) and a flow one.
import { isScalar, type Node, type Pair } from 'yaml';
import { contentEnd } from './content-end';
import { KubeconfigShapeError } from './errors';
import type { ParsedKubeconfig } from './parse-kubeconfig';
import { blockItemText, blockSectionText, flowText, scalarText, type BlockStyle } from './render-yaml';
import { afterIndentedComments, breakBefore, columnOf, nextLineStart } from './source-lines';
import type { TextEdit } from './text-edit';

function rootOf(parsed: ParsedKubeconfig): NonNullable<ParsedKubeconfig['root']> {
  if (parsed.root === null) throw new Error('internal: the kubeconfig has no top-level mapping');
  return parsed.root;
}

function isFlowRoot(parsed: ParsedKubeconfig): boolean {
  return rootOf(parsed).srcToken?.type === 'flow-collection';
}

function keyRange(pair: Pair<Node, Node | null>): [number, number] {
  const range = pair.key.range;
  if (!range) throw new Error('internal: a kubeconfig key has no source range');
  return [range[0], range[1]];
}

/** Offset just after the `:` that follows `pair`'s key. */
function afterColon(parsed: ParsedKubeconfig, pair: Pair<Node, Node | null>): number {
  const colon = parsed.text.indexOf(':', keyRange(pair)[1]);
  if (colon === -1) throw new Error('internal: cannot find the ":" after a kubeconfig key');
  return colon + 1;
}

/** Column of the top-level keys (0 unless the whole document is indented). */
function rootKeyColumn(parsed: ParsedKubeconfig): number {
  const first = rootOf(parsed).items[0] as Pair<Node, Node | null> | undefined;
  return first ? columnOf(parsed.text, keyRange(first)[0]) : 0;
}

/** Adds `key: <value>` pairs at the end of the top-level mapping, in the order given. */
export function addRootPairs(parsed: ParsedKubeconfig, pairs: ReadonlyArray<{ key: string; items?: unknown[]; scalar?: string }>, style: BlockStyle): TextEdit[] {
  if (pairs.length === 0) return [];
  const { text } = parsed;
  const root = rootOf(parsed);
  if (isFlowRoot(parsed)) {
    const last = root.items.at(-1) as Pair<Node, Node | null> | undefined;
    const at = last ? (last.value?.range?.[1] ?? keyRange(last)[1]) : (root.range?.[0] ?? 0) + 1;
    const rendered = pairs.map(({ key, items, scalar }) => `${flowText(key)}: ${items ? flowText(items) : JSON.stringify(scalar ?? '')}`);
    return [{ start: at, end: at, text: `${last ? ', ' : ''}${rendered.join(', ')}` }];
  }
  const column = rootKeyColumn(parsed);
  // After the last content, so comments closing the file stay last.
  const at = afterIndentedComments(text, nextLineStart(text, contentEnd(root) ?? text.length), column);
  const rendered = pairs.map(({ key, items, scalar }) =>
    items ? blockSectionText(key, items, column, style) : `${' '.repeat(column)}${scalarText(key)}: ${scalarText(scalar ?? '')}${style.eol}`,
  );
  return [{ start: at, end: at, text: breakBefore(text, at, style.eol) + rendered.join('') }];
}

/** Gives a list key whose value is null (`clusters:`, `clusters: null`, `~`) its items. */
export function fillNullList(parsed: ParsedKubeconfig, pair: Pair<Node, Node | null>, items: readonly unknown[], style: BlockStyle): TextEdit[] {
  const { text } = parsed;
  const valueRange = pair.value?.range;
  const edits: TextEdit[] = [];
  const hasNullText = valueRange !== undefined && valueRange !== null && valueRange[0] < valueRange[1];
  if (isFlowRoot(parsed)) {
    if (hasNullText) return [{ start: valueRange[0], end: valueRange[1], text: flowText(items) }];
    const at = afterColon(parsed, pair);
    return [{ start: at, end: at, text: ` ${flowText(items)}` }];
  }
  // `clusters: null # note` keeps its comment: the word (and the space before it) goes, the items
  // follow on new lines.
  if (hasNullText) edits.push({ start: afterColon(parsed, pair), end: valueRange[1], text: '' });
  const keyColumn = columnOf(text, keyRange(pair)[0]);
  const dashColumn = keyColumn + (style.indentSeq ? 2 : 0);
  const at = nextLineStart(text, Math.max(keyRange(pair)[1], hasNullText ? valueRange[1] : 0));
  edits.push({ start: at, end: at, text: breakBefore(text, at, style.eol) + items.map((item) => blockItemText(item, dashColumn, style)).join('') });
  return edits;
}

/** Sets the value of an existing `current-context` key. */
export function setRootScalar(parsed: ParsedKubeconfig, pair: Pair<Node, Node | null>, value: string): TextEdit[] {
  const node = pair.value;
  if (node !== null && !isScalar(node)) {
    throw new KubeconfigShapeError(`"${String(isScalar(pair.key) ? pair.key.value : 'key')}" must be a string`, node.range ? parsed.positionOf(node.range[0]) : undefined);
  }
  if (node !== null && node.value === value) return [];
  const rendered = isFlowRoot(parsed) ? JSON.stringify(value) : scalarText(value);
  const range = node?.range;
  if (range && range[0] < range[1]) return [{ start: range[0], end: range[1], text: rendered }];
  const at = afterColon(parsed, pair);
  return [{ start: at, end: at, text: ` ${rendered}` }];
}
