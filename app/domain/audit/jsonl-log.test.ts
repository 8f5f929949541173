import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonlLog } from './jsonl-log';

describe('JsonlLog', () => {
  it('writes one line per record, all of them by close()', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jsonl-')), 'logs', 'requests.jsonl');
    const log = new JsonlLog<{ n: number }>(file);
    for (let n = 0; n < 100; n++) log.append({ n });
    await log.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number });
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('rotates to <file>.1 past the size limit, keeping every record in one of the two', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jsonl-')), 'requests.jsonl');
    const log = new JsonlLog<{ n: number; pad: string }>(file, 2000);
    for (let n = 0; n < 40; n++) log.append({ n, pad: 'x'.repeat(80) });
    await log.close();
    expect(existsSync(`${file}.1`)).toBe(true);
    const read = (f: string): number[] => readFileSync(f, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);
    const current = read(file);
    expect(readFileSync(file, 'utf8').length).toBeLessThanOrEqual(2000);
    expect(current.at(-1)).toBe(39);
    expect([...read(`${file}.1`), ...current].slice(-current.length)).toEqual(current);
  });
});
