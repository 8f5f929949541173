import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DiffLineKind, parseUnifiedDiff } from './unified-diff';

const kinds = (diff: string): DiffLineKind[] => parseUnifiedDiff(diff).map((line) => line.kind);

describe('parseUnifiedDiff', () => {
  it('classifies a kubeconfig diff as Gatehouse prints it', () => {
    const diff = [
      '--- ~/.kube/config',
      '+++ ~/.kube/config (after)',
      '@@ -1,4 +1,5 @@',
      ' apiVersion: v1',
      ' clusters:',
      '-- name: old',
      '+- name: gatehouse-dev',
      '+  cluster: {}',
      ' kind: Config',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      { kind: 'file', text: '--- ~/.kube/config' },
      { kind: 'file', text: '+++ ~/.kube/config (after)' },
      { kind: 'hunk', text: '@@ -1,4 +1,5 @@' },
      { kind: 'context', text: ' apiVersion: v1' },
      { kind: 'context', text: ' clusters:' },
      { kind: 'removed', text: '-- name: old' },
      { kind: 'added', text: '+- name: gatehouse-dev' },
      { kind: 'added', text: '+  cluster: {}' },
      { kind: 'context', text: ' kind: Config' },
      { kind: 'note', text: '\\ No newline at end of file' },
    ]);
  });

  it('drops only one final line break', () => {
    expect(parseUnifiedDiff(' a\n')).toEqual([{ kind: 'context', text: ' a' }]);
    expect(parseUnifiedDiff(' a\n\n')).toEqual([
      { kind: 'context', text: ' a' },
      { kind: 'context', text: '' },
    ]);
  });

  it.each([
    ['git header', 'diff --git a/x b/x', 'file'],
    ['svn header', 'Index: x', 'file'],
    ['lone --- line', '--- a', 'removed'],
    ['lone +++ line', '+++ b', 'added'],
    ['hunk header', '@@ -1 +1 @@', 'hunk'],
  ])('%s', (_name, line, kind) => {
    expect(kinds(line)).toEqual([kind]);
  });

  it('a removed YAML line "-- x" is not a file header, even before another --- line', () => {
    expect(kinds(['@@ -1,2 +1,1 @@', '--- x', '--- y', '+++ z'].join('\n'))).toEqual([
      'hunk',
      'removed',
      'removed',
      'added',
    ]);
  });

  it('inside a hunk, a removed "-- x" followed by an added "++ y" stays removed/added', () => {
    expect(kinds(['--- a', '+++ b', '@@ -1,2 +1,2 @@', '--- x', '+++ y', ' z'].join('\n'))).toEqual([
      'file',
      'file',
      'hunk',
      'removed',
      'added',
      'context',
    ]);
  });

  it('a hunk header without counts covers one line on each side', () => {
    expect(kinds(['@@ -3 +3 @@', '--- x', '+++ y', '--- next', '+++ next'].join('\n'))).toEqual([
      'hunk',
      'removed',
      'added',
      'file',
      'file',
    ]);
  });

  it('a second file header after a hunk is recognised again', () => {
    expect(kinds(['@@ -1 +1 @@', '-a', '+b', '--- c', '+++ c', '@@ -0,0 +1 @@', '+d'].join('\n'))).toEqual([
      'hunk',
      'removed',
      'added',
      'file',
      'file',
      'hunk',
      'added',
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Property: a generated multi-file diff (any line content, including lines that themselves look
  // like headers) parses back to the same lines with the same kinds.

  /** Line content that likes to look like diff syntax once a sign is put in front of it. */
  const content = fc.oneof(
    fc.constantFrom('-- x', '++ y', '-- ', '++ ', '@@ -1 +1 @@', '', 'iff --git', 'ndex: x'),
    fc.string({ unit: fc.constantFrom('-', '+', ' ', '@', '\\', 'a', 'x', ':'), maxLength: 6 }),
  );
  type Op = [sign: ' ' | '-' | '+', content: string];
  /** One line, or a line replaced by another (removed then added, as diff tools show it). */
  const change = fc.oneof(
    fc.tuple(fc.constantFrom<Op[0]>(' ', '-', '+'), content).map((op): Op[] => [op]),
    fc.tuple(content, content).map(([before, after]): Op[] => [
      ['-', before],
      ['+', after],
    ]),
  );
  const hunk = fc.tuple(fc.array(change, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([changes, noEol]) => {
    const ops = changes.flat();
    const oldCount = ops.filter(([kind]) => kind !== '+').length;
    const newCount = ops.filter(([kind]) => kind !== '-').length;
    const lines: { kind: DiffLineKind; text: string }[] = [
      { kind: 'hunk', text: `@@ -1,${oldCount} +1,${newCount} @@` },
      ...ops.map(([sign, text]) => ({
        kind: sign === ' ' ? ('context' as const) : sign === '-' ? ('removed' as const) : ('added' as const),
        text: `${sign}${text}`,
      })),
    ];
    if (noEol) lines.push({ kind: 'note', text: '\\ No newline at end of file' });
    return lines;
  });
  const file = fc
    .tuple(fc.constantFrom('a', 'config', 'x y'), fc.array(hunk, { minLength: 1, maxLength: 3 }))
    .map(([name, hunks]) => [
      { kind: 'file' as const, text: `--- ${name}` },
      { kind: 'file' as const, text: `+++ ${name}` },
      ...hunks.flat(),
    ]);

  it('round-trips the kind of every line of a generated diff', () => {
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 3 }), (files) => {
        const expected = files.flat();
        const diff = `${expected.map((line) => line.text).join('\n')}\n`;
        expect(parseUnifiedDiff(diff)).toEqual(expected);
      }),
    );
  });

  it('never loses or reorders lines, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseUnifiedDiff(text);
        expect(parsed.map((line) => line.text).join('\n')).toBe(text.replace(/\n$/, ''));
      }),
    );
  });
});
