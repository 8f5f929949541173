// Where a node's content really ends. The parser's own range of a block collection also covers the
// comment lines after it (even a column-0 comment before the next list item), and those are not
// Gatehouse's to delete or to insert after.
import { isAlias, isCollection, isPair, isScalar } from 'yaml';

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

/** Offset after the last character of `node`'s content (keys, values, closing brackets), comments excluded. */
export function contentEnd(node: unknown): number | undefined {
  if (isScalar(node) || isAlias(node)) return node.range?.[1];
  if (!isCollection(node)) return undefined;
  // Inside a flow collection everything up to the closing bracket is content.
  if (node.flow === true) return node.range?.[1];
  let end: number | undefined;
  for (const item of node.items) {
    end = isPair(item) ? later(end, later(contentEnd(item.key), contentEnd(item.value))) : later(end, contentEnd(item));
  }
  return end ?? node.range?.[1];
}
