import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention } from './recording-retention';

const DAY = 24 * 60 * 60 * 1000;
const now = Date.parse('2025-06-01T12:00:00Z');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-retention-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A recording of `bytes` bytes last written `daysAgo` days before `now`. */
function recording(name: string, bytes: number, daysAgo: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'x'.repeat(bytes));
  const t = new Date(now - daysAgo * DAY);
  utimesSync(path, t, t);
  return name;
}

describe('applyRetention', () => {
  it('deletes recordings older than the age limit, and only recordings', async () => {
    recording('old.cast', 10, 31);
    recording('older.cast', 10, 400);
    recording('recent.cast', 10, 29);
    recording('notes.txt', 10, 400);
    const result = await applyRetention(dir, { maxAgeDays: 30, maxTotalBytes: 1 << 30 }, { now });
    expect(result.deleted.sort()).toEqual(['old.cast', 'older.cast']);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'recent.cast']);
    expect(result.keptBytes).toBe(10);
  });

  it('keeps the total under the size limit, deleting the oldest first', async () => {
    recording('a.cast', 1000, 5);
    recording('b.cast', 1000, 4);
    recording('c.cast', 1000, 3);
    recording('d.cast', 1000, 2);
    recording('e.cast', 1000, 1);
    const result = await applyRetention(dir, { maxAgeDays: 30, maxTotalBytes: 2500 }, { now });
    expect(result.deleted).toEqual(['a.cast', 'b.cast', 'c.cast']); // oldest first
    expect(readdirSync(dir).sort()).toEqual(['d.cast', 'e.cast']);
    expect(result.keptBytes).toBe(2000);
  });

  it('once one recording does not fit, older small ones go too', async () => {
    recording('tiny-old.cast', 10, 3);
    recording('big.cast', 5000, 2);
    recording('new.cast', 100, 1);
    await applyRetention(dir, { maxAgeDays: 30, maxTotalBytes: 1000 }, { now });
    expect(readdirSync(dir)).toEqual(['new.cast']);
  });

  it('never deletes a recording being written, but counts its size', async () => {
    recording('open-but-old.cast', 600, 90);
    recording('closed.cast', 600, 1);
    const result = await applyRetention(dir, { maxAgeDays: 30, maxTotalBytes: 1000 }, { now, inUse: new Set(['open-but-old.cast']) });
    expect(result.deleted).toEqual(['closed.cast']);
    expect(readdirSync(dir)).toEqual(['open-but-old.cast']);
  });

  it('a directory that does not exist yet has nothing to delete', async () => {
    expect(await applyRetention(join(dir, 'missing'), { maxAgeDays: 1, maxTotalBytes: 1 }, { now })).toEqual({ deleted: [], keptBytes: 0 });
  });
});
