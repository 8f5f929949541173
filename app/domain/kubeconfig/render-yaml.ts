// Text for the values Gatehouse inserts. Scalars are quoted for YAML 1.1 because client-go reads
// kubeconfigs with a YAML 1.1 parser: a resource called `on`, `no` or `0777` must stay a string.
import { stringify } from 'yaml';

/** How inserted block text is laid out, copied from the file being edited. */
export interface BlockStyle {
  eol: string;
  /** Whether block sequences are indented under their key (`key:\n  - a`) or not (`key:\n- a`, kubectl's style). */
  indentSeq: boolean;
}

function yamlText(value: unknown, indentSeq: boolean): string {
  return stringify(value, { version: '1.1', lineWidth: 0, indent: 2, indentSeq, collectionStyle: 'block' }).replace(/\n$/, '');
}

/** One scalar, e.g. a context name after `current-context: `. */
export function scalarText(value: string): string {
  return yamlText(value, false);
}

/**
 * A value written inside a flow collection, as one line of JSON with spaces (`{ "name": "a" }`):
 * valid YAML flow for every parser, and a kubeconfig written as JSON stays JSON.
 */
export function flowText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(flowText).join(', ')} ]`;
  if (typeof value === 'object' && value !== null) {
    const pairs = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${flowText(item)}`);
    return pairs.length === 0 ? '{}' : `{ ${pairs.join(', ')} }`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Indents every line of `lines` after the first by `column` spaces. */
function joinIndented(lines: string[], column: number, eol: string): string {
  return lines.map((line, index) => (index === 0 || line === '' ? line : ' '.repeat(column) + line)).join(eol);
}

/** A block sequence item whose dash sits at `dashColumn`, ending with a line break. */
export function blockItemText(value: unknown, dashColumn: number, style: BlockStyle): string {
  const lines = yamlText(value, style.indentSeq).split('\n');
  return `${' '.repeat(dashColumn)}- ${joinIndented(lines, dashColumn + 2, style.eol)}${style.eol}`;
}

/** A `key:` line followed by a block sequence of `items`, the key at `keyColumn`, ending with a line break. */
export function blockSectionText(key: string, items: readonly unknown[], keyColumn: number, style: BlockStyle): string {
  const dashColumn = keyColumn + (style.indentSeq ? 2 : 0);
  return `${' '.repeat(keyColumn)}${scalarText(key)}:${style.eol}${items.map((item) => blockItemText(item, dashColumn, style)).join('')}`;
}
