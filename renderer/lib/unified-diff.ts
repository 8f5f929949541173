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

/**
 * Classifies each line. A `---`/`+++` pair is a file header only as a pair: inside a hunk, a removed
 * YAML line such as `-- x` also starts with `---`.
 */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  return lines.map((text, index) => {
    const next = lines[index + 1] ?? '';
    const previous = lines[index - 1] ?? '';
    if (text.startsWith('--- ') && next.startsWith('+++ ')) return { kind: 'file', text };
    if (text.startsWith('+++ ') && previous.startsWith('--- ')) return { kind: 'file', text };
    if (text.startsWith('diff ') || text.startsWith('Index: ')) return { kind: 'file', text };
    return { kind: classify(text), text };
  });
}
