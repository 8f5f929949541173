// The control socket against hostile bytes (SPEC §9): non-JSON and wrongly shaped lines, binary
// garbage, lines that never end, clients that half-close, never read or come in crowds. Each case
// asserts the answer (a usage-error Result, or one and then the close) and that a good client is
// served afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import type { WireServerMessage } from '../../shared/wire';
import { createGatehouseApp } from '../api/create-app';
import { appPaths } from '../platform/paths';
import { ControlClient } from './control-client';
import { serveControlSocket, type ControlServer, type ControlSocketLimits } from './control-socket';

interface Served {
  path: string;
  server: ControlServer;
  /** Resolves when the server drops an event subscription (a client went away). */
  unsubscribed(): Promise<void>;
}

async function serve(limits?: ControlSocketLimits): Promise<Served> {
  const paths = appPaths(mkdtempSync(join(tmpdir(), 'gatehouse-hostile-socket-')));
  const { core, handlers } = createGatehouseApp(paths, { mode: 'agent' });
  let waiting: (() => void)[] = [];
  const subscribe = (listener: (e: ApiEvent) => void): (() => void) => {
    const stop = core.subscribe(listener);
    return () => {
      stop();
      const now = waiting;
      waiting = [];
      for (const resolve of now) resolve();
    };
  };
  const server = await serveControlSocket(paths.socket, handlers, subscribe, limits);
  return { path: paths.socket, server, unsubscribed: () => new Promise((resolve) => waiting.push(resolve)) };
}

/** A raw client: writes bytes, collects answer lines, knows when the server closed. */
function rawClient(path: string): { socket: net.Socket; lines: WireServerMessage[]; waitLines(n: number): Promise<WireServerMessage[]>; closed: Promise<void> } {
  const socket = net.connect(path);
  const lines: WireServerMessage[] = [];
  let partial = '';
  const waiters: [number, (l: WireServerMessage[]) => void][] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(partial.slice(0, nl)) as WireServerMessage);
      partial = partial.slice(nl + 1);
    }
    for (const [n, resolve] of waiters) if (lines.length >= n) resolve(lines);
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    socket,
    lines,
    closed,
    waitLines: (n) => (lines.length >= n ? Promise.resolve(lines) : new Promise((resolve) => waiters.push([n, resolve]))),
  };
}

/** A fresh, well-behaved client still gets its answer. */
async function stillServes(path: string): Promise<void> {
  const client = await ControlClient.connect(path);
  const info = await client.call('app.info', undefined);
  client.close();
  expect(info).toMatchObject({ ok: true, value: { mode: 'agent' } });
}

function refusal(m: WireServerMessage): [number, string, string] | WireServerMessage {
  return m.kind === 'answer' && !m.result.ok ? [m.id, m.result.error.code, m.result.error.message] : m;
}

describe.skipIf(process.platform === 'win32')('control socket against hostile input', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });
  afterAll(() => s.server.close());

  it('non-JSON and wrongly shaped lines each get a usage-error Result; the connection goes on', async () => {
    const c = rawClient(s.path);
    const sent: [string, number, string][] = [
      ['not json', -1, 'bad message: not JSON'],
      ['{"kind":"call"', -1, 'bad message: not JSON'],
      ['[1,2]', -1, 'bad message: not a JSON object'],
      ['true', -1, 'bad message: not a JSON object'],
      ['{"kind":"nope","id":3}', 3, 'bad message: kind must be "call" or "subscribe"'],
      ['{"kind":"call","id":"4","channel":"app.info"}', -1, 'bad message: id must be an integer'],
      ['{"kind":"call","id":9007199254740993,"channel":"app.info"}', -1, 'bad message: id must be an integer'],
      ['{"kind":"call","id":5,"channel":null}', 5, 'bad message: channel must be a string'],
      [JSON.stringify({ kind: 'call', id: 6, channel: 'c'.repeat(5000) }), 6, 'bad message: channel must be at most 100 characters'],
      ['{"kind":"call","id":7,"channel":"__proto__"}', 7, 'unknown channel "__proto__"'],
    ];
    c.socket.write(`${sent.map(([line]) => line).join('\n')}\n`);
    const got = await c.waitLines(sent.length);
    expect(got.map(refusal)).toEqual(sent.map(([, id, message]) => [id, 'usage', message]));
    c.socket.write('{"kind":"call","id":8,"channel":"app.info"}\n');
    expect((await c.waitLines(sent.length + 1))[sent.length]).toMatchObject({ id: 8, result: { ok: true } });
    c.socket.destroy();
    await stillServes(s.path);
  });

  it('binary garbage (invalid UTF-8, NULs, CRs) is answered line by line, never crashes', async () => {
    const c = rawClient(s.path);
    const garbage = Buffer.concat([randomBytes(4096).map((b) => (b === 0x0a ? 0x00 : b)), Buffer.from('\n\xff\xfe\x00\r\n\x1b[2J\n')]);
    c.socket.write(garbage);
    const got = await c.waitLines(3);
    for (const m of got) expect(refusal(m)).toEqual([-1, 'usage', 'bad message: not JSON']);
    c.socket.destroy();
    await stillServes(s.path);
  });

  it('a client that half-closes still gets its answers, including to a last line without newline', async () => {
    const c = rawClient(s.path);
    c.socket.end('{"kind":"call","id":1,"channel":"app.info"}\n{"kind":"call","id":2,"channel":"session.get"}');
    await c.closed;
    expect(c.lines.map((m) => (m.kind === 'answer' ? [m.id, m.result.ok] : m)).sort()).toEqual([
      [1, true],
      [2, true],
    ]);
    await stillServes(s.path);
  });

  it('a client that connects and vanishes mid-line, or right after a call, leaves nothing behind', async () => {
    for (const bytes of ['{"kind":"ca', '{"kind":"call","id":1,"channel":"app.info"}\n', '{"kind":"subscribe"}\n']) {
      const c = rawClient(s.path);
      c.socket.write(bytes);
      c.socket.destroy();
      await c.closed;
    }
    await stillServes(s.path);
  });
});

describe.skipIf(process.platform === 'win32')('control socket bounds', () => {
  let s: Served;
  const limits: ControlSocketLimits = { maxLineChars: 64 * 1024, maxUnreadBytes: 64 * 1024, maxConnections: 4 };
  beforeAll(async () => {
    s = await serve(limits);
  });
  afterAll(() => s.server.close());

  it('a very long line without a newline is answered with an error and the connection closed', async () => {
    const c = rawClient(s.path);
    // A first call on the same connection is answered before the refusal.
    c.socket.write('{"kind":"call","id":1,"channel":"app.info"}\n');
    c.socket.write(Buffer.alloc(200 * 1024, 'a'));
    await c.closed;
    expect(c.lines.map(refusal)).toEqual([
      expect.objectContaining({ id: 1 }),
      [-1, 'usage', 'bad message: more than 65536 characters without a newline; closing'],
    ]);
    await stillServes(s.path);
  });

  it('a complete line over the limit is refused the same way, and what follows it is not run', async () => {
    const c = rawClient(s.path);
    c.socket.write(`${JSON.stringify({ kind: 'call', id: 2, channel: 'app.info', request: 'x'.repeat(70 * 1024) })}\n{"kind":"call","id":3,"channel":"app.info"}\n`);
    await c.closed;
    expect(c.lines.map(refusal)).toEqual([[-1, 'usage', 'bad message: a line longer than 65536 characters; closing']]);
    await stillServes(s.path);
  });

  it('a client that never reads is dropped once its unread answers pass the bound', async () => {
    const c = rawClient(s.path);
    const dropped = s.unsubscribed();
    c.socket.write('{"kind":"subscribe"}\n');
    c.socket.pause();
    const call = `${JSON.stringify({ kind: 'call', id: 1, channel: 'u'.repeat(100) })}\n`;
    // Answers far beyond what the socket buffers hold.
    c.socket.write(call.repeat(20_000));
    await dropped;
    await stillServes(s.path);
    c.socket.destroy();
  });

  it('connections past the cap are closed at once; once some leave, the agent serves again', async () => {
    const held = await Promise.all(
      Array.from(
        { length: limits.maxConnections },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(s.path, () => resolve(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    const extra = rawClient(s.path);
    extra.socket.write('{"kind":"call","id":1,"channel":"app.info"}\n');
    await extra.closed;
    expect(extra.lines).toEqual([]);
    // Ended rather than destroyed, and awaited: the agent has closed its side when they report close.
    await Promise.all(held.map((socket) => new Promise((resolve) => socket.on('close', resolve).end())));
    await stillServes(s.path);
  });
});
