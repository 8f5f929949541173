import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cast, CastChunk } from './asciicast';
import { CastScreen, chunksUntil } from './cast-screen';
import { TerminalScreen } from './terminal-screen';

function castOf(chunks: CastChunk[]): Cast {
  return { width: 80, height: 24, chunks, duration: chunks.at(-1)?.at ?? 0, idleLimit: 2, notes: [] };
}

const SESSION = castOf([
  { at: 0.5, stream: 'stdout', data: '$ ' },
  { at: 1, stream: 'stdin', data: 'ls\r' },
  { at: 1, stream: 'stdout', data: 'ls\r\n' },
  { at: 1.2, stream: 'stdout', data: 'file\r\n$ ' },
  { at: 3, stream: 'stderr', data: 'oops' },
]);

describe('chunksUntil', () => {
  it.each([
    [0, 0],
    [0.49, 0],
    [0.5, 1], // a chunk at exactly the position has happened
    [0.99, 1],
    [1, 3], // both chunks at 1 s
    [2.9, 4],
    [3, 5],
    [100, 5],
    [-1, 0],
  ])('at %s s: %s chunks', (position, count) => {
    expect(chunksUntil(SESSION, position)).toBe(count);
  });

  it('is 0 for an empty recording', () => {
    expect(chunksUntil(castOf([]), 10)).toBe(0);
  });

  it('counts the chunks at or before the position (binary search = linear count)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 50 }),
        fc.double({ min: -1, max: 101, noNaN: true }),
        (times, position) => {
          const chunks = [...times].sort((a, b) => a - b).map((at): CastChunk => ({ at, stream: 'stdout', data: 'x' }));
          expect(chunksUntil(castOf(chunks), position)).toBe(chunks.filter((chunk) => chunk.at <= position).length);
        },
      ),
    );
  });
});

describe('CastScreen', () => {
  it('plays forward chunk by chunk', () => {
    const screen = new CastScreen(SESSION, true);
    expect(screen.at(0)).toEqual([]);
    expect(screen.at(1)).toEqual([{ stream: 'stdout', text: '$ ' }]);
    expect(screen.at(3)).toEqual([
      { stream: 'stdout', text: '$ ' },
      { stream: 'stdin', text: 'ls\n' },
    ]);
    expect(screen.at(5)).toEqual([
      { stream: 'stdout', text: '$ ' },
      { stream: 'stdin', text: 'ls\n' },
      { stream: 'stdout', text: 'file\n$ ' },
      { stream: 'stderr', text: 'oops' },
    ]);
  });

  it('seeking back starts again and gives the earlier screen', () => {
    const screen = new CastScreen(SESSION, true);
    screen.at(5);
    expect(screen.at(1)).toEqual([{ stream: 'stdout', text: '$ ' }]);
    expect(screen.at(0)).toEqual([]);
  });

  it('without keystrokes, the echo is the command line', () => {
    expect(new CastScreen(SESSION, false).at(4)).toEqual([{ stream: 'stdout', text: '$ ls\nfile\n$ ' }]);
  });

  it('a count past the end shows the whole recording', () => {
    expect(new CastScreen(SESSION, true).at(99)).toEqual(new CastScreen(SESSION, true).at(5));
  });

  it('a returned screen does not change as playback goes on', () => {
    const screen = new CastScreen(SESSION, true);
    const early = screen.at(1);
    screen.at(5);
    expect(early).toEqual([{ stream: 'stdout', text: '$ ' }]);
  });

  it('any sequence of seeks shows the same screen as playing from the start', () => {
    const chunk = fc.record({
      at: fc.constant(0),
      stream: fc.constantFrom('stdout' as const, 'stderr' as const, 'stdin' as const),
      data: fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n', '\b', '\x7f', '\x1b[1m'), maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(chunk, { maxLength: 20 }),
        fc.boolean(),
        fc.array(fc.nat(25), { maxLength: 10 }),
        (chunks, showStdin, seeks) => {
          const cast = castOf(chunks);
          const screen = new CastScreen(cast, showStdin);
          for (const count of seeks) {
            const fresh = new TerminalScreen(showStdin);
            for (const played of chunks.slice(0, count)) fresh.apply(played);
            expect(screen.at(count)).toEqual(fresh.snapshot());
          }
        },
      ),
    );
  });
});
