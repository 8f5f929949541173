import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEADER_READ_LIMIT, listRecordings, readRecording, RECORDING_READ_LIMIT } from './read-activity';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-read-activity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function header(timestamp: number, pod: string): string {
  return `${JSON.stringify({ version: 2, width: 80, height: 24, timestamp, title: `exec team-a/${pod}`, gatehouse: { resource: 'staging', user: 'alice@example.com', groups: [], namespace: 'team-a', pod, container: null, command: ['sh'], subresource: 'exec' } })}\n`;
}

describe('listRecordings', () => {
  it('summarises each recording from its header line, newest first', async () => {
    writeFileSync(join(dir, 'a.cast'), `${header(1_700_000_000, 'one')}[0.1,"o","hi"]\n`);
    writeFileSync(join(dir, 'b.cast'), header(1_700_000_100, 'two'));
    writeFileSync(join(dir, 'notes.txt'), header(1_700_000_200, 'not-a-cast'));
    writeFileSync(join(dir, 'half.cast'), '{"version":2,'); // being written: no full header line yet
    const list = await listRecordings(dir);
    expect(list.map((r) => [r.id, r.pod])).toEqual([
      ['b.cast', 'two'],
      ['a.cast', 'one'],
    ]);
    expect(list[1]).toMatchObject({ time: new Date(1_700_000_000_000).toISOString(), resource: 'staging', user: 'alice@example.com', namespace: 'team-a', command: ['sh'], subresource: 'exec' });
    expect(list[1]!.bytes).toBe(Buffer.byteLength(header(1_700_000_000, 'one')) + 15);
  });

  it('reads only the header of a large recording (its 600 MB tail is never read)', async () => {
    const big = join(dir, 'big.cast');
    writeFileSync(big, header(1_700_000_000, 'big'));
    // A sparse tail of NUL bytes: reading the whole file as a string would fail (over V8's string limit).
    truncateSync(big, 600 * 1024 * 1024);
    const [summary] = await listRecordings(dir);
    expect(summary).toMatchObject({ id: 'big.cast', pod: 'big', bytes: 600 * 1024 * 1024 });
  });

  it('skips a file whose first line is longer than the header limit', async () => {
    writeFileSync(join(dir, 'long.cast'), `${'x'.repeat(HEADER_READ_LIMIT + 10)}\n`);
    writeFileSync(join(dir, 'ok.cast'), header(1_700_000_000, 'ok'));
    expect((await listRecordings(dir)).map((r) => r.id)).toEqual(['ok.cast']);
  });

  it('an absent directory is an empty list', async () => {
    expect(await listRecordings(join(dir, 'missing'))).toEqual([]);
  });
});

describe('readRecording', () => {
  it('reads a recording by its id', async () => {
    const text = `${header(1_700_000_000, 'one')}[0.1,"o","hi"]\n`;
    writeFileSync(join(dir, 'a.cast'), text);
    expect(await readRecording(dir, 'a.cast')).toBe(text);
  });

  it('refuses ids that could name anything outside the directory', async () => {
    const outside = join(dir, '..', `outside-${Date.now()}.cast`);
    writeFileSync(outside, header(1, 'x'));
    try {
      for (const id of ['../x.cast', `../${outside.split('/').pop()!}`, 'a/b.cast', 'a\\b.cast', '/etc/passwd', 'x.cast\u0000', '..cast', 'a..b.cast', 'x.txt', '']) {
        await expect(readRecording(dir, id), id).rejects.toMatchObject({ kind: 'usage' });
      }
      // a link inside the directory is not followed out of it
      symlinkSync(outside, join(dir, 'link.cast'));
      await expect(readRecording(dir, 'link.cast')).rejects.toMatchObject({ kind: 'not-found' });
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('says so when there is no such recording, or it is too large to open', async () => {
    await expect(readRecording(dir, 'gone.cast')).rejects.toMatchObject({ kind: 'not-found', message: 'no recording gone.cast' });
    const big = join(dir, 'big.cast');
    writeFileSync(big, header(1, 'big'));
    truncateSync(big, RECORDING_READ_LIMIT + 1);
    await expect(readRecording(dir, 'big.cast')).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/^recording big\.cast is 65 MB, more than the 64 MB the viewer opens/) });
  });
});
