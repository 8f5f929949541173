/** One line of a unified diff, classified for colouring (the +/- sign stays visible for people who cannot see colour). */
export type DiffLineKind = 'file' | 'hunk' | 'added' | 'removed' | 'context' | 'note';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

function classify(line: string): DiffLineKind {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'added';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('\\')) return 'note';
  return 'context';
}

/** `@@ -start[,count] +start[,count] @@`: a count left out is 1. */
const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Classifies each line. Inside a hunk (as many lines as its header counts), a line is what its first
 * character says: a removed YAML line such as `-- x` starts with `---`, and an added `++ y` after it
 * with `+++`. Outside hunks, a `---`/`+++` pair is a file header only as a pair.
 */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  let oldLeft = 0;
  let newLeft = 0;
  return lines.map((text, index): DiffLine => {
    const hunk = HUNK_HEADER.exec(text);
    if (hunk !== null) {
      oldLeft = Number(hunk[1] ?? 1);
      newLeft = Number(hunk[2] ?? 1);
      return { kind: 'hunk', text };
    }
    if (oldLeft > 0 || newLeft > 0) {
      const kind = classify(text);
      if (kind !== 'added' && kind !== 'note') oldLeft -= 1;
      if (kind !== 'removed' && kind !== 'note') newLeft -= 1;
      return { kind, text };
    }
    const next = lines[index + 1] ?? '';
    const previous = lines[index - 1] ?? '';
    if (text.startsWith('--- ') && next.startsWith('+++ ')) return { kind: 'file', text };
    if (text.startsWith('+++ ') && previous.startsWith('--- ')) return { kind: 'file', text };
    if (text.startsWith('diff ') || text.startsWith('Index: ')) return { kind: 'file', text };
    return { kind: classify(text), text };
  });
}
