import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECORDING_NAME } from './recording-name';
import { AsciicastRecorder, RECORDED_INPUT_LIMIT, RECORDED_OUTPUT_LIMIT, type RecordingSessionTap } from './session-recorder';
import { serverFrame } from './ws-final-message';

/** A masked (client→server) websocket frame, as kubectl writes them. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), u64(n)]);
  const mask = randomBytes(4);
  const masked = Buffer.alloc(n);
  for (let i = 0; i < n; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([head, mask, masked]);
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** A v4.channel.k8s.io message: the channel byte, then the data (binary frame). */
const stdin = (data: Buffer | string): Buffer => clientFrame(0x2, Buffer.concat([Buffer.from([0]), Buffer.from(data)]));
const stdout = (data: Buffer | string): Buffer => serverFrame(0x2, Buffer.concat([Buffer.from([1]), Buffer.from(data)]));

function fakeExchange(path: string, protocol = 'v4.channel.k8s.io'): [http.IncomingMessage, http.IncomingMessage] {
  const req = { method: 'GET', url: path, headers: {} } as unknown as http.IncomingMessage;
  const res = { headers: { 'sec-websocket-protocol': protocol } } as unknown as http.IncomingMessage;
  return [req, res];
}

const EXEC = '/api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true&stdout=true';
const identity = { user: 'alice@example.com', groups: ['engineering'] };

type Line = [number, string, string];

function castLines(file: string): { header: Record<string, unknown>; events: Line[] } {
  const [header, ...events] = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
  return { header: header as Record<string, unknown>, events: events as Line[] };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gh-recorder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The tests push a whole session in one tick, before the file is even open: with the usual
 * buffer limit most of it would be dropped for backpressure (tested on its own below).
 */
const roomy = (): AsciicastRecorder => new AsciicastRecorder(dir, { bufferLimit: 256 * 1024 * 1024 });

function startSession(recorder = roomy(), path = EXEC): RecordingSessionTap {
  const tap = recorder.start(...fakeExchange(path), identity, 'staging');
  if (!tap) throw new Error('expected a recording');
  return tap;
}

describe('AsciicastRecorder', () => {
  it('records stdin and stdout from websocket frames split anywhere', async () => {
    const tap = startSession();
    const frames = Buffer.concat([stdin('ls\n'), stdin('exit\n')]);
    // byte by byte: frame parsing must not depend on how TCP cut the stream
    for (let i = 0; i < frames.length; i++) tap.fromClient(frames.subarray(i, i + 1));
    tap.fromServer(stdout('file-a\n'));
    tap.end();
    await tap.finished;
    const { header, events } = castLines(join(dir, tap.id));
    expect(header).toMatchObject({ version: 2, gatehouse: { resource: 'staging', user: 'alice@example.com', namespace: 'team-a', pod: 'web', command: ['sh'], subresource: 'exec' } });
    expect(events.map(([, code, data]) => [code, data])).toEqual([
      ['i', 'ls\n'],
      ['i', 'exit\n'],
      ['o', 'file-a\n'],
    ]);
    expect(statSync(join(dir, tap.id)).mode & 0o777).toBe(0o600);
  });

  it('caps stdin: 32 MiB of tar-like stdin gives one marker and a recording under the cap', async () => {
    const tap = startSession();
    tap.fromServer(stdout('before\n'));
    // NUL bytes are the worst case: each is written as "\u0000", six bytes of recording.
    const chunk = stdin(Buffer.alloc(32 * 1024));
    for (let sent = 0; sent < 32 * 1024 * 1024; sent += 32 * 1024) tap.fromClient(chunk);
    // Once capped the direction is no longer parsed: not even garbage is noticed.
    tap.fromClient(Buffer.from('this is not a websocket frame'));
    tap.fromServer(stdout('after\n'));
    tap.end();
    await tap.finished;
    const file = join(dir, tap.id);
    expect(statSync(file).size).toBeLessThan(RECORDED_INPUT_LIMIT + 64 * 1024);
    const { events } = castLines(file);
    const markers = events.filter(([, code]) => code === 'm').map(([, , text]) => text);
    expect(markers).toEqual(['gatehouse: input beyond 8 MB was not recorded']);
    expect(events.filter(([, code]) => code === 'i').length).toBeGreaterThan(0);
    // the other direction is still recorded
    expect(events.filter(([, code]) => code === 'o').map(([, , d]) => d)).toEqual(['before\n', 'after\n']);
  });

  it('caps stdout with the marker the activity view shows, and stops parsing it', async () => {
    const tap = startSession();
    const chunk = stdout('a'.repeat(32 * 1024));
    for (let sent = 0; sent < 12 * 1024 * 1024; sent += 32 * 1024) tap.fromServer(chunk);
    tap.fromServer(Buffer.from([0xff, 0xff, 0xff])); // not a frame: ignored once capped
    tap.fromClient(stdin('still recorded\n'));
    tap.end();
    await tap.finished;
    const file = join(dir, tap.id);
    expect(statSync(file).size).toBeLessThan(RECORDED_OUTPUT_LIMIT + 64 * 1024);
    const { events } = castLines(file);
    expect(events.filter(([, code]) => code === 'm').map(([, , t]) => t)).toEqual(['gatehouse: output beyond 8 MB was not recorded']);
    expect(events.at(-1)?.slice(1)).toEqual(['i', 'still recorded\n']);
  });

  it('does not hold a message larger than the cap: the marker comes as soon as its header is seen', async () => {
    const tap = startSession(new AsciicastRecorder(dir, { limits: { input: 1024 * 1024 }, bufferLimit: 256 * 1024 * 1024 }));
    // A frame header announcing 100 MiB; none of its payload is sent.
    tap.fromClient(Buffer.concat([Buffer.from([0x82, 0x80 | 127]), u64(100 * 1024 * 1024), randomBytes(4)]));
    tap.fromServer(stdout('ok\n'));
    tap.end();
    await tap.finished;
    const { events } = castLines(join(dir, tap.id));
    expect(events.map(([, code, data]) => [code, data])).toEqual([
      ['m', 'gatehouse: input beyond 1 MB was not recorded'],
      ['o', 'ok\n'],
    ]);
  });

  it('records base64 channel sessions and says so when a direction cannot be followed', async () => {
    const [req, res] = fakeExchange(EXEC, 'base64.channel.k8s.io');
    const session = roomy().start(req, res, identity, 'staging')!;
    session.fromServer(serverFrame(0x1, Buffer.from(`1${Buffer.from('hello\n').toString('base64')}`)));
    // an unmasked frame from the client breaks the protocol: the direction is given up, with a note
    session.fromClient(serverFrame(0x1, Buffer.from('0aGk=')));
    session.fromClient(stdin('never seen'));
    session.end();
    await session.finished;
    const { events } = castLines(join(dir, session.id));
    expect(events[0]?.slice(1)).toEqual(['o', 'hello\n']);
    expect(events[1]?.[1]).toBe('m');
    expect(events[1]?.[2]).toMatch(/^gatehouse: input could not be followed \(.+\); the rest of it was not recorded$/);
    expect(events).toHaveLength(2);
  });

  it('names the file safely whatever the pod and namespace are called, keeping the real names inside', async () => {
    const pod = `p${'x'.repeat(250)}`;
    const tap = startSession(roomy(), `/api/v1/namespaces/team-a/pods/${pod}/exec?command=sh`);
    const odd = startSession(roomy(), '/api/v1/namespaces/n%2F..%2F..%2Fetc/pods/web/exec?command=sh');
    tap.end();
    odd.end();
    await Promise.all([tap.finished, odd.finished]);
    for (const id of [tap.id, odd.id]) {
      expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_RECORDING_NAME);
      expect(id).toMatch(/^[A-Za-z0-9._-]+\.cast$/);
      expect(id).not.toContain('..');
    }
    expect(readdirSync(dir).sort()).toEqual([tap.id, odd.id].sort());
    expect(castLines(join(dir, tap.id)).header).toMatchObject({ gatehouse: { pod } });
    expect(castLines(join(dir, odd.id)).header).toMatchObject({ gatehouse: { namespace: 'n%2F..%2F..%2Fetc' } });
  });

  it('a directory that cannot be created loses the recording, never throws into the proxy', () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const recorder = new AsciicastRecorder(join(file, 'recordings'));
    expect(recorder.start(...fakeExchange(EXEC), identity, 'staging')).toBeUndefined();
  });

  it('does not record what is not an exec/attach channel session', () => {
    const recorder = new AsciicastRecorder(dir);
    expect(recorder.start(...fakeExchange('/api/v1/namespaces/a/pods/web/portforward'), identity, 'staging')).toBeUndefined();
    expect(recorder.start(...fakeExchange(EXEC, 'SPDY/3.1'), identity, 'staging')).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('applies retention when a recording starts, keeping the new one', async () => {
    const old = join(dir, '2000-01-01T00-00-00-000Z-staging-team-a-web-aaaaaa.cast');
    writeFileSync(old, '{}\n');
    utimesSync(old, new Date('2000-01-01'), new Date('2000-01-01'));
    writeFileSync(join(dir, 'notes.txt'), 'not a recording');
    const recorder = new AsciicastRecorder(dir, { retention: () => ({ maxAgeDays: 30, maxTotalBytes: 1024 * 1024 }) });
    const tap = startSession(recorder);
    await recorder.retentionRun;
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', tap.id].sort());
    tap.end();
    await tap.finished;
  });
});
