import { describe, expect, it } from 'vitest';
import { dueForRefresh, refreshMarginMs } from './refresh-margin';

const at = (seconds: number): Date => new Date(1_700_000_000_000 + seconds * 1000);

describe('refreshMarginMs: 60 s or a quarter of the lifetime, whichever is smaller', () => {
  const table: [string, number, number][] = [
    ['an hour', 3600, 60_000],
    ['ten minutes', 600, 60_000],
    ['four minutes (a quarter is exactly 60 s)', 240, 60_000],
    ['two minutes', 120, 30_000],
    ['ten seconds', 10, 2_500],
    ['eight seconds', 8, 2_000],
    ['one second', 1, 250],
    ['no lifetime', 0, 0],
    ['expiry before issue', -5, 0],
  ];
  it.each(table)('%s → %i ms', (_name, lifetime, margin) => {
    expect(refreshMarginMs(at(0), at(lifetime))).toBe(margin);
  });
});

describe('dueForRefresh', () => {
  const table: [string, number, number, boolean][] = [
    ['10-min token, just issued', 600, 0, false],
    ['10-min token, 61 s left', 600, 539, false],
    ['10-min token, 60 s left', 600, 540, true],
    ['10-min token, expired', 600, 700, true],
    ['10-s token, 3 s left', 10, 7, false],
    ['10-s token, 2.5 s left', 10, 7.5, true],
  ];
  it.each(table)('%s → %s', (_name, lifetime, elapsed, due) => {
    expect(dueForRefresh(at(elapsed).getTime(), at(0), at(lifetime))).toBe(due);
  });
});
