// A unified diff of two texts by lines (for --dry-run), from a longest-common-subsequence table.
// Edits to a kubeconfig are few and local, so the common head and tail are cut off first and the
// table covers only the middle; a middle too big for the table is shown as removed then added.

type Op = { kind: ' ' | '-' | '+'; line: string };

const MAX_TABLE_CELLS = 4_000_000;
/** Appended to a last line without a line break, so it differs from the same line with one. */
const NO_EOL = String.fromCharCode(0);

interface Lines {
  lines: string[];
  /** The text does not end with a line break. */
  unterminated: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], unterminated: false };
  const lines = text.split('\n');
  const unterminated = lines.at(-1) !== '';
  if (!unterminated) lines.pop();
  return { lines, unterminated };
}

function middleOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE_CELLS) return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  // lcs[i * (m + 1) + j] = length of the LCS of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? (lcs[(i + 1) * (m + 1) + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * (m + 1) + j] ?? 0, lcs[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] ?? '' });
      j++;
    } else if (i < n && (j === m || (lcs[(i + 1) * (m + 1) + j] ?? 0) >= (lcs[i * (m + 1) + j + 1] ?? 0))) {
      // Removals first, as diff(1) shows them.
      ops.push({ kind: '-', line: a[i++] ?? '' });
    } else {
      ops.push({ kind: '+', line: b[j++] ?? '' });
    }
  }
  return ops;
}

function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const same = (lines: readonly string[]): Op[] => lines.map((line) => ({ kind: ' ', line }));
  return [...same(a.slice(0, head)), ...middleOps(a.slice(head, a.length - tail), b.slice(head, b.length - tail)), ...same(a.slice(a.length - tail))];
}

function hunkRange(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}

/** The unified diff from `before` to `after` ('' when equal), with `context` lines around each change. */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  if (before === after) return '';
  const old = splitLines(before);
  const neu = splitLines(after);
  // A missing final line break is a difference of the last line.
  const oldLines = old.unterminated ? [...old.lines.slice(0, -1), `${old.lines.at(-1) ?? ''}${NO_EOL}`] : old.lines;
  const newLines = neu.unterminated ? [...neu.lines.slice(0, -1), `${neu.lines.at(-1) ?? ''}${NO_EOL}`] : neu.lines;
  const ops = lineOps(oldLines, newLines);

  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let cursor = 0;
  while (cursor < changed.length) {
    const first = changed[cursor] ?? 0;
    let last = first;
    while (cursor + 1 < changed.length && (changed[cursor + 1] ?? 0) - last <= 2 * context) last = changed[++cursor] ?? last;
    cursor++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    const preceding = ops.slice(0, from);
    const hunk = ops.slice(from, to);
    const oldStart = preceding.filter((op) => op.kind !== '+').length;
    const newStart = preceding.filter((op) => op.kind !== '-').length;
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${hunkRange(oldStart, oldCount)} +${hunkRange(newStart, newCount)} @@`);
    for (const op of hunk) {
      const unterminated = op.line.endsWith(NO_EOL);
      const line = unterminated ? op.line.slice(0, -1) : op.line;
      out.push(`${op.kind}${line.endsWith('\r') ? line.slice(0, -1) : line}`);
      if (unterminated) out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}
