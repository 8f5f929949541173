import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCast } from './asciicast';

const HEADER = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1_700_000_000 });
const cast = (...events: unknown[]): string => [HEADER, ...events.map((event) => JSON.stringify(event))].join('\n');

describe('parseCast', () => {
  it('reads the header size and the o/e/i events in order', () => {
    const parsed = parseCast(
      cast([0.1, 'o', '$ '], [0.5, 'i', 'ls\r'], [0.6, 'o', 'ls\r\nfile\r\n'], [0.7, 'e', 'oops']),
    );
    expect(parsed.width).toBe(80);
    expect(parsed.height).toBe(24);
    expect(parsed.chunks).toEqual([
      { at: 0.1, stream: 'stdout', data: '$ ' },
      { at: 0.5, stream: 'stdin', data: 'ls\r' },
      { at: 0.6, stream: 'stdout', data: 'ls\r\nfile\r\n' },
      { at: 0.7, stream: 'stderr', data: 'oops' },
    ]);
    expect(parsed.duration).toBeCloseTo(0.7);
    expect(parsed.idleLimit).toBe(2);
  });

  it('skips resize, marker and unknown events but keeps their time on the timeline', () => {
    const parsed = parseCast(cast([1, 'r', '120x40'], [1.5, 'm', 'marker'], [1.75, 'x', '?'], [2, 'o', 'after']));
    expect(parsed.chunks).toEqual([{ at: 2, stream: 'stdout', data: 'after' }]);
    expect(parsed.width).toBe(80); // the size stays the header's
    expect(parsed.duration).toBe(2);
  });

  it('shortens pauses longer than the idle limit to the limit', () => {
    const parsed = parseCast(cast([0.5, 'o', 'a'], [120.5, 'o', 'b'], [121, 'o', 'c'], [300, 'o', 'd']));
    expect(parsed.chunks.map((chunk) => chunk.at)).toEqual([0.5, 2.5, 3, 5]);
    expect(parsed.duration).toBe(5);
  });

  it('takes another idle limit', () => {
    const parsed = parseCast(cast([10, 'o', 'a'], [20, 'o', 'b']), 0.5);
    expect(parsed.chunks.map((chunk) => chunk.at)).toEqual([0.5, 1]);
    expect(parsed.idleLimit).toBe(0.5);
  });

  it('never moves back in time when events are out of order', () => {
    const parsed = parseCast(cast([1, 'o', 'a'], [0.5, 'o', 'b'], [1.5, 'o', 'c']));
    expect(parsed.chunks.map((chunk) => chunk.at)).toEqual([1, 1, 1.5]);
  });

  it('accepts a header without size, blank lines and CRLF line ends', () => {
    const text = `{"version": 2}\r\n\r\n[0.25, "o", "hi"]\r\n\n`;
    expect(parseCast(text)).toEqual({
      width: null,
      height: null,
      chunks: [{ at: 0.25, stream: 'stdout', data: 'hi' }],
      duration: 0.25,
      idleLimit: 2,
      notes: [],
    });
  });

  it('keeps the recorder’s markers as notes of what was left out, not as output', () => {
    const parsed = parseCast(cast([0.1, 'o', 'a'], [0.2, 'm', 'gatehouse: input beyond 8 MB was not recorded'], [0.3, 'o', 'b']));
    expect(parsed.notes).toEqual(['gatehouse: input beyond 8 MB was not recorded']);
    expect(parsed.chunks.map((c) => c.data)).toEqual(['a', 'b']);
  });

  it('a header alone is an empty recording', () => {
    expect(parseCast(HEADER)).toMatchObject({ chunks: [], duration: 0 });
  });

  it.each([
    ['empty text', '', /empty/],
    ['only blank lines', '\n  \n', /empty/],
    ['header not JSON', 'hello\n[0, "o", "x"]', /^line 1: /],
    ['asciicast v1 header', '{"version": 1, "stdout": []}', /^line 1: not an asciicast v2 header/],
    ['header is an event', '[0, "o", "x"]', /^line 1: /],
    ['event not JSON', `${HEADER}\n[0.1, "o", "a"]\n[0.2, "o", `, /^line 3: not JSON/],
    ['event not an array', `${HEADER}\n{"time": 1}`, /^line 2: not \[time, code, data\]/],
    ['event too short', `${HEADER}\n[1, "o"]`, /^line 2: /],
    ['time is text', `${HEADER}\n["1", "o", "x"]`, /^line 2: /],
    ['data is not text', `${HEADER}\n[1, "o", 42]`, /^line 2: /],
    ['line numbers count blank lines', `${HEADER}\n\n[0.1, "o", "a"]\n\nnope`, /^line 5: not JSON/],
  ])('rejects %s, naming the line', (_name, text, message) => {
    expect(() => parseCast(text)).toThrow(message);
  });

  const event = fc.tuple(
    fc.double({ min: 0, max: 10_000, noNaN: true }),
    fc.constantFrom('o', 'e', 'i', 'r', 'm'),
    fc.string({ maxLength: 5 }),
  );

  it('keeps every o/e/i event, on a non-decreasing timeline with no step over the idle limit', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 30 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (events, idleLimit) => {
          const sorted = [...events].sort(([a], [b]) => a - b);
          const parsed = parseCast(cast(...sorted), idleLimit);
          // Where each kept event is in the recording (skipped events take time too).
          const keptIndexes = sorted.flatMap(([, code], index) => (['o', 'e', 'i'].includes(code) ? [index] : []));
          expect(parsed.chunks.map((chunk) => chunk.data)).toEqual(keptIndexes.map((index) => sorted[index]?.[2]));
          let previousAt = 0;
          let previousIndex = -1;
          parsed.chunks.forEach((chunk, position) => {
            const index = keptIndexes[position] ?? NaN;
            const recordedGap = (sorted[index]?.[0] ?? NaN) - (sorted[previousIndex]?.[0] ?? 0);
            const step = chunk.at - previousAt;
            expect(step).toBeGreaterThanOrEqual(0);
            expect(step).toBeLessThanOrEqual(idleLimit * (index - previousIndex) + 1e-9);
            expect(step).toBeLessThanOrEqual(recordedGap + 1e-9); // shortened, never lengthened
            previousAt = chunk.at;
            previousIndex = index;
          });
          expect(parsed.duration).toBeGreaterThanOrEqual(previousAt);
          expect(parsed.duration).toBeLessThanOrEqual((sorted.at(-1)?.[0] ?? 0) + 1e-9);
        },
      ),
    );
  });

  it('with a large enough idle limit, the timeline is the recorded time', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const sorted = [...events].sort(([a], [b]) => a - b);
        const parsed = parseCast(cast(...sorted), Infinity);
        const kept = sorted.filter(([, code]) => code !== 'r' && code !== 'm');
        parsed.chunks.forEach((chunk, index) => expect(chunk.at).toBeCloseTo(kept[index]?.[0] ?? NaN, 6));
      }),
    );
  });
});
