// The --dry-run diff: standard unified format, and applying it to the old text gives the new one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff';

/** A minimal `patch`: applies the hunks of a unified diff to `before`. */
function applyUnifiedDiff(before: string, diff: string): string {
  const source = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const result: string[] = [];
  let cursor = 0;
  let endsWithoutNewline = !before.endsWith('\n') && before !== '';
  const lines = diff.split('\n').slice(2, -1);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(line);
    if (header) {
      const start = Number(header[1]) - (Number(header[2]) === 0 ? 0 : 1);
      result.push(...source.slice(cursor, start));
      cursor = start;
      continue;
    }
    const marker = lines[i + 1] === '\\ No newline at end of file';
    if (line.startsWith(' ')) {
      result.push(source[cursor++] ?? '');
    } else if (line.startsWith('-')) {
      cursor++;
      if (marker) endsWithoutNewline = false;
    } else if (line.startsWith('+')) {
      result.push(line.slice(1));
      if (marker) endsWithoutNewline = true;
    }
  }
  result.push(...source.slice(cursor));
  if (result.length === 0) return '';
  return result.join('\n') + (endsWithoutNewline ? '' : '\n');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', { from: 'x', to: 'y' })).toBe('');
  });

  it('writes standard headers and hunks with three lines of context', () => {
    const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\n';
    const after = 'l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\n';
    expect(unifiedDiff(before, after, { from: 'a/config', to: 'b/config' })).toBe('--- a/config\n+++ b/config\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n');
  });

  it('shows a new file as added from line 0', () => {
    expect(unifiedDiff('', 'a\nb\n', { from: '/dev/null', to: 'f' })).toBe('--- /dev/null\n+++ f\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('marks a missing final line break', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc\n', { from: 'x', to: 'y' })).toBe('--- x\n+++ y\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n');
  });

  it('applying the diff to the old text gives the new text', { timeout: 30_000 }, () => {
    const line = fc.constantFrom('a', 'b', 'c', 'apiVersion: v1', '- name: x', '  # comment', '');
    const text = fc.tuple(fc.array(line, { maxLength: 30 }), fc.boolean()).map(([lines, eol]) => (lines.length === 0 ? '' : lines.join('\n') + (eol ? '\n' : '')));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after, { from: 'a', to: 'b' });
        expect(diff === '' ? before : applyUnifiedDiff(before, diff)).toBe(after);
      }),
      { numRuns: 500 },
    );
  });
});
