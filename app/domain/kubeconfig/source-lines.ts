// Line geometry of the original text: where lines start and end, columns, the line ending in use.

/** The file's line ending: CRLF if its first line break is one, else LF. New lines use the same. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** `offset` if it already starts a line, else the offset after the end of its line (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Lines inserted at `offset` need a line break first when `offset` is not at the start of a line. */
export function breakBefore(text: string, offset: number, eol: string): string {
  return offset === 0 || text[offset - 1] === '\n' ? '' : eol;
}

/**
 * From a line start, skips the comment lines indented deeper than `column`: they belong to the
 * entry above (a note at its indentation), so text inserted after that entry goes below them.
 */
export function afterIndentedComments(text: string, offset: number, column: number): number {
  let at = offset;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline + 1;
    const content = text.slice(at, end).trimStart();
    const indent = end - at - content.length;
    if (!content.startsWith('#') || indent <= column) break;
    at = end;
  }
  return at;
}
