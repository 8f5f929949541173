import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, normalizeSettings, recordingRetention, SettingsStore } from './settings-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('recording retention settings', () => {
  it('default to 30 days and 1 GiB', () => {
    expect(DEFAULT_SETTINGS.recordingsMaxAgeDays).toBe(30);
    expect(DEFAULT_SETTINGS.recordingsMaxTotalBytes).toBe(1024 * 1024 * 1024);
    expect(recordingRetention(normalizeSettings({}))).toEqual({ maxAgeDays: 30, maxTotalBytes: 1024 * 1024 * 1024 });
  });

  it('fall back to the defaults when the file holds nonsense', () => {
    for (const bad of [0, -1, 1.5, '30', null, 1e9, Number.NaN]) {
      expect(normalizeSettings({ recordingsMaxAgeDays: bad }).recordingsMaxAgeDays).toBe(30);
    }
    for (const bad of [0, -1, 1000, 1.5e6 + 0.5, '1073741824', null, 2 ** 60, Number.POSITIVE_INFINITY]) {
      expect(normalizeSettings({ recordingsMaxTotalBytes: bad }).recordingsMaxTotalBytes).toBe(1024 * 1024 * 1024);
    }
    expect(normalizeSettings({ recordingsMaxAgeDays: 7, recordingsMaxTotalBytes: 50 * 1024 * 1024 })).toMatchObject({ recordingsMaxAgeDays: 7, recordingsMaxTotalBytes: 50 * 1024 * 1024 });
  });

  it('are updated and saved, and an invalid value is refused with a message', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{}');
    const store = new SettingsStore(file);
    expect(store.update({ recordingsMaxAgeDays: 7 }).recordingsMaxAgeDays).toBe(7);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ recordingsMaxAgeDays: 7 });
    expect(() => store.update({ recordingsMaxAgeDays: 0 })).toThrow(/recordingsMaxAgeDays must be a whole number of days from 1/);
    expect(() => store.update({ recordingsMaxTotalBytes: 1000 })).toThrow(/recordingsMaxTotalBytes must be a whole number of bytes, at least 1048576/);
    expect(store.get().recordingsMaxAgeDays).toBe(7);
  });
});
