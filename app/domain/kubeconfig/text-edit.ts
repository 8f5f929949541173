// Edits as byte ranges of the original text. Gatehouse changes a kubeconfig by splicing only the
// spans it owns, so every other byte (comments, spacing, quoting, line endings) stays as it was;
// re-serializing the YAML document would normalize indentation and move comments.

export interface TextEdit {
  /** Offset of the first replaced character. */
  start: number;
  /** Offset after the last replaced character; equal to `start` for an insertion. */
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits. Edits at the same position keep the order they were given in, and
 * an insertion at a point comes before a replacement starting there.
 */
export function applyTextEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > source.length) {
      throw new Error(`internal: overlapping or invalid kubeconfig edit at ${edit.start}-${edit.end}`);
    }
    result += source.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + source.slice(cursor);
}
