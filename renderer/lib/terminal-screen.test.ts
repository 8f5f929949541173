import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CastStream } from './asciicast';
import { type ScreenRun, TerminalScreen } from './terminal-screen';

type Step = [CastStream, string];

function screen(steps: Step[], showStdin = true): ScreenRun[] {
  const terminal = new TerminalScreen(showStdin);
  for (const [stream, data] of steps) terminal.apply({ at: 0, stream, data });
  return terminal.snapshot();
}

/** The screen as text, with stdin shown as [keystrokes] and stderr as {errors}. */
function render(runs: ScreenRun[]): string {
  return runs
    .map(({ stream, text }) => (stream === 'stdin' ? `[${text}]` : stream === 'stderr' ? `{${text}}` : text))
    .join('');
}

describe('TerminalScreen: output', () => {
  it.each<[string, Step[], string]>([
    ['plain lines, CR LF becomes a line break', [['stdout', 'one\r\ntwo\r\n']], 'one\ntwo\n'],
    ['a bare CR restarts the line (progress bar)', [['stdout', '10%\r50%\r100%\r\n']], '100%\n'],
    [
      'a CR at the end of one chunk and LF in the next is a line end',
      [
        ['stdout', 'a\r'],
        ['stdout', '\nb'],
      ],
      'a\nb',
    ],
    [
      'a CR at the end of one chunk then text redraws the line',
      [
        ['stdout', 'old\r'],
        ['stdout', 'new'],
      ],
      'new',
    ],
    ['CR only restarts the current line', [['stdout', 'kept\nold\rnew']], 'kept\nnew'],
    ['backspace erases', [['stdout', 'abc\b\bX']], 'aX'],
    ['DEL erases', [['stdout', 'ab\x7f']], 'a'],
    ['backspace stops at the line start', [['stdout', 'a\n\b\bb']], 'a\nb'],
    ['escape sequences are dropped', [['stdout', '\x1b[1;32mgreen\x1b[0m \x1b]0;title\x07ok']], 'green ok'],
    ['other control characters are dropped, tabs kept', [['stdout', 'a\x07\x00\tb']], 'a\tb'],
    [
      'stderr is its own run',
      [
        ['stdout', 'out '],
        ['stderr', 'err'],
        ['stdout', ' more'],
      ],
      'out {err} more',
    ],
    [
      'a CR redraw removes stderr text of the same line',
      [
        ['stderr', 'warn'],
        ['stdout', '\rline'],
      ],
      'line',
    ],
  ])('%s', (_name, steps, expected) => {
    expect(render(screen(steps))).toBe(expected);
  });

  it('merges consecutive chunks of one stream into one run', () => {
    expect(
      screen([
        ['stdout', 'a'],
        ['stdout', 'b'],
        ['stderr', 'c'],
        ['stderr', 'd'],
      ]),
    ).toEqual([
      { stream: 'stdout', text: 'ab' },
      { stream: 'stderr', text: 'cd' },
    ]);
  });

  it('a snapshot is a copy', () => {
    const terminal = new TerminalScreen(true);
    terminal.apply({ at: 0, stream: 'stdout', data: 'a' });
    const before = terminal.snapshot();
    (before[0] as ScreenRun).text = 'changed';
    terminal.apply({ at: 0, stream: 'stdout', data: 'b' });
    expect(before).toEqual([{ stream: 'stdout', text: 'changed' }]);
    expect(terminal.snapshot()).toEqual([{ stream: 'stdout', text: 'ab' }]);
  });
});

describe('TerminalScreen: keystrokes and their TTY echo', () => {
  it.each<[string, Step[], string]>([
    [
      'a command typed at once: shown once, as stdin',
      [
        ['stdout', '$ '],
        ['stdin', 'ls\r'],
        ['stdout', 'ls\r\nfile\r\n$ '],
      ],
      '$ [ls\n]file\n$ ',
    ],
    [
      'typed key by key, echoed key by key',
      [
        ['stdin', 'l'],
        ['stdout', 'l'],
        ['stdin', 's'],
        ['stdout', 's'],
        ['stdin', '\r'],
        ['stdout', '\r\nout\r\n'],
      ],
      '[ls\n]out\n',
    ],
    [
      'the echo split over several output chunks',
      [
        ['stdin', 'ls\r'],
        ['stdout', 'l'],
        ['stdout', 's\r'],
        ['stdout', '\nout'],
      ],
      '[ls\n]out',
    ],
    [
      'typed ahead of the echo',
      [
        ['stdin', 'a'],
        ['stdin', 'b'],
        ['stdout', 'ab'],
      ],
      '[ab]',
    ],
    [
      'backspace: the key erases, its "\\b \\b" echo is skipped',
      [
        ['stdin', 'lx'],
        ['stdout', 'lx'],
        ['stdin', '\x7f'],
        ['stdout', '\b \b'],
        ['stdin', 's'],
        ['stdout', 's'],
      ],
      '[ls]',
    ],
    [
      'not echoed (a password): shown where typed, output follows',
      [
        ['stdout', 'Password: '],
        ['stdin', 'hunter2\r'],
        ['stdout', '\r\nok\r\n'],
      ],
      'Password: [hunter2\n]\nok\n',
    ],
    [
      'output that is not the echo is all shown',
      [
        ['stdin', 'q'],
        ['stdout', 'bye\r\n'],
      ],
      '[q]bye\n',
    ],
    [
      'an echo that stops halfway: the rest is output',
      [
        ['stdin', 'ab'],
        ['stdout', 'aX'],
      ],
      '[ab]X',
    ],
    [
      'Ctrl-C is not shown as a keystroke; the ^C the TTY prints is output',
      [
        ['stdin', '\x03'],
        ['stdout', '^C\r\n'],
      ],
      '^C\n',
    ],
    [
      'arrow keys (escape sequences) are not shown',
      [
        ['stdin', '\x1b[A'],
        ['stdout', 'ls'],
      ],
      'ls',
    ],
    ['LF typed (no TTY) becomes a line break', [['stdin', 'a\nb']], '[a\nb]'],
  ])('%s', (_name, steps, expected) => {
    expect(render(screen(steps))).toBe(expected);
  });

  it('an echo is only expected once: the same text later is output', () => {
    expect(
      render(
        screen([
          ['stdin', 'x'],
          ['stdout', 'x'],
          ['stdout', 'x'],
        ]),
      ),
    ).toBe('[x]x');
  });

  it('with keystrokes hidden, the screen is what the terminal showed (echo included)', () => {
    const steps: Step[] = [
      ['stdout', '$ '],
      ['stdin', 'ls\r'],
      ['stdout', 'ls\r\nfile\r\n'],
    ];
    expect(screen(steps, false)).toEqual([{ stream: 'stdout', text: '$ ls\nfile\n' }]);
  });

  it('backspace can erase into the output before it, but not the line break', () => {
    expect(
      render(
        screen([
          ['stdout', 'ab'],
          ['stdin', '\x7f\x7f\x7f'],
        ]),
      ),
    ).toBe('');
    expect(
      render(
        screen([
          ['stdout', 'a\n'],
          ['stdin', 'b\x7f\x7f'],
        ]),
      ),
    ).toBe('a\n');
  });

  // Property: when every keystroke chunk is echoed exactly as a TTY does, the screen with keystrokes
  // shown reads the same as the screen without them (each typed character appears exactly once).
  const typed = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\r', '\x7f'), minLength: 1, maxLength: 6 });
  const output = fc.string({ unit: fc.constantFrom('x', 'y', ' ', '\r\n'), maxLength: 6 });
  const session = fc.array(fc.tuple(typed, output), { maxLength: 8 });
  const ttyEcho = (input: string): string => input.replace(/\r/g, '\r\n').replace(/\x7f/g, '\b \b');

  it('shows each echoed keystroke exactly once', () => {
    fc.assert(
      fc.property(session, fc.boolean(), (turns, echoInOnePiece) => {
        const steps: Step[] = turns.flatMap(([input, out]): Step[] => {
          const echo = ttyEcho(input);
          const echoChunks: Step[] = echoInOnePiece
            ? [['stdout', echo + out]]
            : [...echo].map((ch): Step => ['stdout', ch]).concat([['stdout', out]]);
          return [['stdin', input], ...echoChunks];
        });
        const shown = screen(steps, true);
        const hidden = screen(steps, false);
        expect(shown.map((run) => run.text).join('')).toBe(hidden.map((run) => run.text).join(''));
        expect(hidden.every((run) => run.stream === 'stdout')).toBe(true);
      }),
    );
  });
});
