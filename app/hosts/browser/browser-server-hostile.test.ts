// Browser mode against hostile bytes (SPEC §9): raw requests (Node's client would normalise them),
// cookie-only and replayed-link attempts, malformed websocket messages, slow, greedy and
// non-reading clients. Every case asserts the answer and that a fresh tab is still served after it.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_CHANNELS } from '../../../shared/api';
import { LINK_USED_MESSAGE } from './browser-access';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type WireServerMessage } from '../../../shared/wire';
import { newSession, nextMessage, openApi, rawRequest, redeem, sessionProtocols, startTestBrowserServer, stillServes, type TestBrowserServer } from './browser-server.fixture';

let t: TestBrowserServer;
let port: number;

beforeAll(async () => {
  t = await startTestBrowserServer();
  port = t.server.port;
});
afterAll(() => t.server.close());

const host = (): string => `Host: 127.0.0.1:${port}\r\n`;
const get = (target: string, headers = ''): string => `GET ${target} HTTP/1.1\r\n${host()}${headers}Connection: close\r\n\r\n`;
const upgrade = (target: string, headers: string): string =>
  `GET ${target} HTTP/1.1\r\n${host()}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`;

async function openSession(): Promise<WebSocket> {
  const conn = await openApi(t, sessionProtocols(await newSession(t)));
  if (!('ws' in conn)) throw new Error(`refused: ${conn.status} ${conn.body}`);
  return conn.ws;
}

/** Collects every message until `count` have arrived. */
function messages(ws: WebSocket, count: number): Promise<WireServerMessage[]> {
  const got: WireServerMessage[] = [];
  return new Promise((resolve) => {
    const onMessage = (d: WebSocket.RawData): void => {
      got.push(JSON.parse(String(d)) as WireServerMessage);
      if (got.length === count) {
        ws.off('message', onMessage);
        resolve(got);
      }
    };
    ws.on('message', onMessage);
  });
}

describe('browser mode: request targets are origin-form only, parsed once', () => {
  const cases: [string, () => string, string][] = [
    ['"//x" (another host to URL parsing)', () => '//x', 'starts with "//"'],
    ['"//" (URL parsing throws)', () => '//', 'starts with "//"'],
    ['"//[" (URL parsing throws)', () => '//[', 'starts with "//"'],
    ['absolute-form', () => `http://127.0.0.1:${port}/`, 'only origin-form targets'],
    ['absolute-form to another host', () => 'http://evil.example/', 'only origin-form targets'],
    ['"*"', () => '*', 'only origin-form targets'],
    ['a malformed percent-encoding (decodeURIComponent throws)', () => '/%E0%A4%A', 'does not start a percent-encoded byte'],
    ['an escape that is not UTF-8 (decodeURIComponent throws)', () => '/%E0%A4', 'does not decode as UTF-8'],
    ['an encoded "../" out of the renderer', () => '/..%2f..%2fsecret.txt', '".." path segment'],
    ['a backslash (URL parsing reads it as "/")', () => '/\\evil.example/', 'must be percent-encoded'],
    ['a target of 9000 characters', () => `/${'a'.repeat(9000)}`, 'is longer than 8192 bytes'],
  ];
  it.each(cases)('%s → 400 saying why, and the server goes on', async (_name, target, reason) => {
    const res = await rawRequest(port, get(target()));
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/^request target .*\n$/);
    expect(res.body).toContain(reason);
    await stillServes(t);
  });

  it('the same targets on a websocket upgrade are refused before any authentication', async () => {
    const session = await newSession(t);
    for (const target of ['//api', '//', 'http://127.0.0.1/api', '*', '/%zz']) {
      const res = await rawRequest(port, upgrade(target, `Origin: ${t.origin}\r\nSec-WebSocket-Protocol: ${API_SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${session}\r\n`));
      expect(res.status, target).toBe(400);
      expect(res.body, target).toMatch(/^request target /);
    }
    await stillServes(t);
  });

  it('an encoded dot segment ("/%2e%2e/secret.txt") is refused before any file is looked at (400)', async () => {
    const res = await rawRequest(port, get('/%2e%2e/secret.txt'));
    expect(res.status).toBe(400);
    expect(res.body).toContain('".." path segment');
    expect(res.body).not.toContain('outside the renderer');
  });
});

describe('browser mode: headers', () => {
  it('oversized headers → 431', async () => {
    const res = await rawRequest(port, get('/', `X-Big: ${'a'.repeat(20_000)}\r\n`));
    expect(res.status).toBe(431);
    await stillServes(t);
  });

  it('no Host on HTTP/1.1 → 400; no Host on HTTP/1.0 or a foreign one → 403', async () => {
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, 'GET / HTTP/1.0\r\n\r\n')).status).toBe(403);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n')).status).toBe(403);
    await stillServes(t);
  });

  it('garbage instead of a request line → 400', async () => {
    expect((await rawRequest(port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]))).status).toBe(400);
    expect((await rawRequest(port, 'GET / HTTP/9.9\r\n\r\n')).status).toBe(400);
    await stillServes(t);
  });

  it('methods other than GET/HEAD on the page → 405; HEAD has no body', async () => {
    expect((await rawRequest(port, `DELETE / HTTP/1.1\r\n${host()}Connection: close\r\n\r\n`)).status).toBe(405);
    const head = await rawRequest(port, `HEAD / HTTP/1.1\r\n${host()}Connection: close\r\n\r\n`);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('browser mode: the API is the tab session’s only', () => {
  it('a websocket with only a cookie (or Authorization) holding a valid session is refused', async () => {
    const session = await newSession(t);
    for (const credential of [`Cookie: gatehouse_session=${session}`, `Cookie: session=${session}; token=${session}`, `Authorization: Bearer ${session}`]) {
      const res = await rawRequest(port, upgrade('/api', `Origin: ${t.origin}\r\nSec-WebSocket-Protocol: ${API_SUBPROTOCOL}\r\n${credential}\r\n`));
      expect(res.status, credential).toBe(403);
    }
    await stillServes(t);
  });

  it('a valid session with a forged, foreign or missing Origin is refused', async () => {
    const session = await newSession(t);
    const protocols = `Sec-WebSocket-Protocol: ${API_SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${session}\r\n`;
    expect((await rawRequest(port, upgrade('/api', protocols))).status).toBe(403);
    expect((await rawRequest(port, upgrade('/api', `Origin: http://127.0.0.1:${port + 1}\r\n${protocols}`))).status).toBe(403);
    expect((await rawRequest(port, upgrade('/api', `Origin: null\r\n${protocols}`))).status).toBe(403);
    // The right one, as a control: the upgrade goes through.
    expect((await rawRequest(port, upgrade('/api', `Origin: ${t.origin}\r\n${protocols}`))).status).toBe(101);
  });

  it('a replayed link is refused on the page and at /session, and never reaches the API', async () => {
    const link = new URL(t.server.newLink()).searchParams.get('token')!;
    expect((await redeem(t, link)).status).toBe(200);
    const page = await rawRequest(port, get(`/?token=${link}`));
    expect(page.status).toBe(410);
    expect(page.body).toBe(`${LINK_USED_MESSAGE}\n`);
    expect(page.body).not.toContain('<title>');
    const again = await rawRequest(port, `POST /session HTTP/1.1\r\n${host()}Origin: ${t.origin}\r\nX-Gatehouse-Link: ${link}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(again.status).toBe(410);
    expect(JSON.parse(again.body)).toEqual({ error: LINK_USED_MESSAGE });
    expect((await rawRequest(port, upgrade('/api', `Origin: ${t.origin}\r\nSec-WebSocket-Protocol: ${API_SUBPROTOCOL}, ${TOKEN_SUBPROTOCOL_PREFIX}${link}\r\n`))).status).toBe(403);
  });

  it('no response sets a cookie', async () => {
    const link = new URL(t.server.newLink()).searchParams.get('token')!;
    for (const bytes of [get('/'), get(`/?token=${link}`), `POST /session HTTP/1.1\r\n${host()}Origin: ${t.origin}\r\nX-Gatehouse-Link: ${link}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`]) {
      const res = await rawRequest(port, bytes);
      expect(res.status).toBe(200);
      expect(res.head.toLowerCase()).not.toContain('set-cookie');
    }
  });
});

describe('browser mode: malformed websocket messages get a Result, the socket and server go on', () => {
  it('non-JSON and wrong shapes, each with the reason', async () => {
    const ws = await openSession();
    const sent: [string, number, string][] = [
      ['not json', -1, 'bad message: not JSON'],
      ['[]', -1, 'bad message: not a JSON object'],
      ['42', -1, 'bad message: not a JSON object'],
      ['null', -1, 'bad message: not a JSON object'],
      ['"call"', -1, 'bad message: not a JSON object'],
      ['{"kind":"nope","id":5}', 5, 'bad message: kind must be "call" or "subscribe"'],
      ['{"kind":"call","id":"1","channel":"app.info"}', -1, 'bad message: id must be an integer'],
      ['{"kind":"call","id":1.5,"channel":"app.info"}', -1, 'bad message: id must be an integer'],
      ['{"kind":"call","id":1e300,"channel":"app.info"}', -1, 'bad message: id must be an integer'],
      ['{"kind":"call","id":2,"channel":5}', 2, 'bad message: channel must be a string'],
      [JSON.stringify({ kind: 'call', id: 3, channel: 'x'.repeat(1000) }), 3, 'bad message: channel must be at most 100 characters'],
      ['{"kind":"call","id":4,"channel":"nope"}', 4, 'unknown channel "nope"'],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, -1, 'bad message: not a JSON object'],
    ];
    const answers = messages(ws, sent.length);
    for (const [text] of sent) ws.send(text);
    const got = await answers;
    expect(got.map((m) => (m.kind === 'answer' && !m.result.ok ? [m.id, m.result.error.code, m.result.error.message] : m))).toEqual(
      sent.map(([, id, message]) => [id, 'usage', message]),
    );
    // The same socket still answers a good call.
    const info = nextMessage(ws);
    ws.send(JSON.stringify({ kind: 'call', id: 9, channel: 'app.info', request: null }));
    expect(await info).toMatchObject({ id: 9, result: { ok: true } });
    ws.close();
  });

  it('every channel with garbage requests answers a Result for each call id', async () => {
    const ws = await openSession();
    const garbage: unknown[] = [null, 42, 'x', [], {}, { names: 5 }, { all: 'yes' }, { orgFile: { toString: 1 } }, { limit: 'abc' }, { id: '../../etc/passwd' }];
    const calls = API_CHANNELS.flatMap((channel) => garbage.map((request) => ({ channel, request })));
    const answers = messages(ws, calls.length);
    calls.forEach((c, i) => ws.send(JSON.stringify({ kind: 'call', id: 1000 + i, channel: c.channel, request: c.request })));
    const got = await answers;
    expect(got.map((m) => (m.kind === 'answer' ? m.id : null)).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(calls.map((_, i) => 1000 + i));
    for (const m of got) expect(m).toMatchObject({ kind: 'answer', result: { ok: expect.any(Boolean) as boolean } });
    ws.close();
    await stillServes(t);
  });

  it('a binary frame is refused with its reason', async () => {
    const ws = await openSession();
    const answer = nextMessage(ws);
    ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), { binary: true });
    expect(await answer).toEqual({ kind: 'answer', id: -1, result: { ok: false, error: { code: 'usage', message: 'bad message: binary frame (messages are JSON text)' } } });
    ws.close();
  });

  it('a message over 1 MiB closes that socket with 1009; others go on', async () => {
    const bystander = await openSession();
    const ws = await openSession();
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    ws.send(JSON.stringify({ kind: 'call', id: 1, channel: 'app.info', request: 'x'.repeat(1024 * 1024) }));
    expect(await closed).toBe(1009);
    const info = nextMessage(bystander);
    bystander.send(JSON.stringify({ kind: 'call', id: 2, channel: 'app.info', request: null }));
    expect(await info).toMatchObject({ id: 2, result: { ok: true } });
    bystander.close();
    await stillServes(t);
  });
});

describe('browser mode: slow, greedy and non-reading clients are bounded', () => {
  let small: TestBrowserServer;
  beforeAll(async () => {
    small = await startTestBrowserServer({ headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckIntervalMs: 50, maxConnections: 4, maxUnreadBytes: 64 * 1024 });
  });
  afterAll(() => small.server.close());

  it('headers that never finish → 408 and closed (header read timeout)', async () => {
    const res = await rawRequest(small.server.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    expect(res.status).toBe(408);
    await stillServes(small);
  });

  it('an admitted websocket has no idle timeout: it outlives the request timeout', async () => {
    const conn = await openApi(small, sessionProtocols(await newSession(small)));
    if (!('ws' in conn)) throw new Error('refused');
    // Waiting is the point: nothing may happen in three request timeouts.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const info = nextMessage(conn.ws);
    conn.ws.send(JSON.stringify({ kind: 'call', id: 1, channel: 'app.info', request: null }));
    expect(await info).toMatchObject({ id: 1, result: { ok: true } });
    conn.ws.close();
  });

  it('connections past the cap are closed at once; once some leave, the server serves again', async () => {
    const idle = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<{ socket: net.Socket; closed: Promise<unknown> }>((resolve) => {
            const socket = net.connect(small.server.port, '127.0.0.1', () => resolve({ socket, closed }));
            const closed = new Promise((done) => socket.on('close', done));
            socket.on('error', () => {});
          }),
      ),
    );
    const started = Date.now();
    const extra = net.connect(small.server.port, '127.0.0.1');
    extra.on('error', () => {});
    let data = '';
    extra.on('data', (c: Buffer) => (data += c.toString()));
    await new Promise((resolve) => extra.on('close', resolve));
    expect(data).toBe('');
    // At once: well before the header timeout (300 ms) would have closed it.
    expect(Date.now() - started).toBeLessThan(250);
    // Ended rather than destroyed, and awaited: the server has closed its side when they report close.
    for (const { socket } of idle) socket.end();
    await Promise.all(idle.map(({ closed }) => closed));
    await stillServes(small);
  });

  it('a connection that sends nothing is closed by the header timeout', async () => {
    const socket = net.connect(small.server.port, '127.0.0.1');
    socket.on('error', () => {});
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString()));
    await new Promise((resolve) => socket.on('close', resolve));
    expect(data).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
  });

  it('a client that never reads is dropped once its unread answers pass the bound', async () => {
    const session = await newSession(small);
    let socket: net.Socket | undefined;
    const ws = new WebSocket(`ws://127.0.0.1:${small.server.port}/api`, sessionProtocols(session), {
      headers: { origin: small.origin },
      // The test holds the TCP socket itself, to stop reading from it.
      createConnection: () => {
        socket = net.connect({ port: small.server.port, host: '127.0.0.1' });
        return socket;
      },
    });
    ws.on('error', () => {});
    await new Promise((resolve) => ws.on('open', resolve));
    const dropped = small.unsubscribed();
    ws.send(JSON.stringify({ kind: 'subscribe' }));
    socket!.pause(); // never reads again
    // Each answer echoes a long channel name; together they are far more than socket buffers hold.
    const channel = 'x'.repeat(100);
    const frame = JSON.stringify({ kind: 'call', id: 1, channel });
    for (let i = 0; i < 60_000; i++) ws.send(frame);
    await dropped;
    await stillServes(small);
    ws.terminate();
  });
});
