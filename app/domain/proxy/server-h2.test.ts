// The listener over HTTP/2 (issue 13): ALPN, the head translation as the upstream sees it on the
// wire, refusals per stream with the connection going on, bodies with and without a length,
// backpressure, a body cut short, faults, limits, idle connections, CONNECT, drain and close.
// A real node:http2 client against the proxy in-process, in front of the bogus upstream.
import http from 'node:http';
import http2 from 'node:http2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalTls, type LocalTls } from './local-tls';
import type { LoopbackAdmission } from './loopback-admission';
import type { ImpersonatingProxy } from './server';
import { startBogusUpstream, type BogusUpstream } from './testing/bogus-upstream';
import { startTestProxy, TEST_TOKEN, type StartedProxy, type TestProxyOptions } from './testing/test-proxy';

let localTls: LocalTls;
let bogus: BogusUpstream;
const proxies: ImpersonatingProxy<LoopbackAdmission>[] = [];
const sessions: http2.ClientHttp2Session[] = [];

const start = (opts: TestProxyOptions = {}): Promise<StartedProxy> => startTestProxy(localTls, bogus.port, proxies, opts);

beforeAll(async () => {
  localTls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-h2-tls-')));
  bogus = await startBogusUpstream();
});

afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await bogus.close();
});

async function connect(port: number): Promise<http2.ClientHttp2Session> {
  const session = http2.connect(`https://localhost:${port}`, { ca: localTls.caPem });
  sessions.push(session);
  session.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => resolve());
    session.once('error', reject);
  });
  return session;
}

interface H2Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: string;
}

/** One request on a session; resolves with the whole answer, rejects when the stream is reset. */
function request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string | string[]): Promise<H2Answer> {
  const stream = session.request({ authorization: `Bearer ${TEST_TOKEN}`, ...headers }, { endStream: body === undefined });
  if (typeof body === 'string') stream.end(body);
  else if (Array.isArray(body)) {
    for (const part of body) stream.write(part);
    stream.end();
  }
  return new Promise((resolve, reject) => {
    let status = 0;
    let answerHeaders: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      status = Number(h[':status']);
      answerHeaders = h;
    });
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks).toString() }));
    stream.on('error', reject);
    stream.on('close', () => {
      if (stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR) reject(new Error(`stream reset with code ${stream.rstCode}`));
    });
  });
}

/** What the bogus upstream read on all its connections, as text. */
async function upstreamLog(): Promise<string> {
  const text = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: bogus.port, path: '/_log' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    }).on('error', reject);
  });
  return (JSON.parse(text) as Array<{ bytes: string }>).map((c) => Buffer.from(c.bytes, 'base64').toString('latin1')).join('');
}

/** The request head (and what follows it) the upstream read for the request whose path has `marker`. */
async function upstreamRequest(marker: string): Promise<string> {
  const log = await upstreamLog();
  const at = log.indexOf(marker);
  expect(at).toBeGreaterThan(-1);
  const begin = log.lastIndexOf('\r\n\r\n', at);
  return log.slice(begin < 0 ? 0 : begin + 4);
}

const unique = (): string => Math.random().toString(36).slice(2);

describe('ALPN: the client chooses', () => {
  const alpn = (port: number, protocols: string[] | undefined): Promise<string | false> =>
    new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', servername: 'localhost', ca: localTls.caPem, ...(protocols ? { ALPNProtocols: protocols } : {}) }, () => {
        resolve(socket.alpnProtocol ?? false);
        socket.destroy();
      });
      socket.on('error', reject);
    });

  it('h2 when offered, HTTP/1.1 when only that is offered or no ALPN at all', async () => {
    const { target } = await start();
    expect(await alpn(target.port, ['h2', 'http/1.1'])).toBe('h2');
    expect(await alpn(target.port, ['http/1.1'])).toBe('http/1.1');
    expect(await alpn(target.port, undefined)).toBe(false);
  });

  it('advertises its stream limit and header list size', async () => {
    const { target } = await start({ limits: { maxStreamsPerConnection: 7, maxHeaderBytes: 8192 } });
    const session = await connect(target.port);
    await new Promise<void>((resolve) => (session.remoteSettings.maxConcurrentStreams === 7 ? resolve() : session.once('remoteSettings', () => resolve())));
    expect(session.remoteSettings.maxConcurrentStreams).toBe(7);
    expect(session.remoteSettings.maxHeaderListSize).toBe(8192);
  });
});

describe('an HTTP/2 request reaches the upstream as the HTTP/1.1 request Gatehouse builds', () => {
  it('GET: Host is the upstream, the local token is replaced, the person impersonated, no pseudo-header leaks', async () => {
    const { target, records } = await start();
    const session = await connect(target.port);
    const marker = unique();
    const answer = await request(session, { ':path': `/ok/${marker}?watch=0`, accept: 'application/json', 'x-custom': 'kept' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ path: `/ok/${marker}?watch=0` });
    const sent = await upstreamRequest(marker);
    const head = sent.slice(0, sent.indexOf('\r\n\r\n'));
    expect(head.split('\r\n')[0]).toBe(`GET /ok/${marker}?watch=0 HTTP/1.1`);
    expect(head).toContain(`\r\nHost: 127.0.0.1:${bogus.port}\r\n`);
    expect(head).toContain('\r\naccept: application/json\r\n');
    expect(head).toContain('\r\nx-custom: kept\r\n');
    expect(head).toContain('\r\nAuthorization: Bearer LEASED\r\n');
    expect(head).toContain('\r\nImpersonate-User: alice@example.com\r\nImpersonate-Group: engineering\r\nImpersonate-Group: system:authenticated');
    expect(head).not.toContain(TEST_TOKEN);
    expect(head).not.toMatch(/\r\n:|authority|localhost/);
    expect(head).not.toMatch(/transfer-encoding|content-length/i);
    await expect.poll(() => records.find((r) => r.path.includes(marker))?.status).toBe(200);
  });

  it('a body with Content-Length goes with exactly that length', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    const marker = unique();
    const body = JSON.stringify({ marker, data: 'x'.repeat(5000) });
    const answer = await request(session, { ':method': 'POST', ':path': `/ok/${marker}`, 'content-length': String(Buffer.byteLength(body)) }, body);
    expect(answer.status).toBe(200);
    const sent = await upstreamRequest(marker);
    const end = sent.indexOf('\r\n\r\n');
    expect(sent.slice(0, end)).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`);
    expect(sent.slice(end + 4, end + 4 + Buffer.byteLength(body) + 1)).toBe(body);
  });

  it('a body without Content-Length (ended by END_STREAM) goes chunked, whole', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    const marker = unique();
    const parts = [`{"marker":"${marker}",`, '"a":"', 'y'.repeat(70_000), '"}'];
    const answer = await request(session, { ':method': 'PUT', ':path': `/ok/${marker}` }, parts);
    expect(answer.status).toBe(200);
    const sent = await upstreamRequest(marker);
    expect(sent).toMatch(/\r\nTransfer-Encoding: chunked\r\n/);
    // De-chunk what the upstream read: the body is the client's, byte for byte.
    let rest = sent.slice(sent.indexOf('\r\n\r\n') + 4);
    let received = '';
    for (;;) {
      const line = rest.indexOf('\r\n');
      const size = parseInt(rest.slice(0, line), 16);
      if (size === 0) break;
      received += rest.slice(line + 2, line + 2 + size);
      rest = rest.slice(line + 2 + size + 2);
    }
    expect(received).toBe(parts.join(''));
  });
});

describe('refusals cost one stream; the connection and its other streams go on', () => {
  const cases: Array<{ name: string; headers: http2.OutgoingHttpHeaders; status: number; mentions: string }> = [
    { name: 'a Host that is no loopback name', headers: { ':authority': 'evil.example:16443' }, status: 403, mentions: 'not a loopback name' },
    { name: ':authority and Host naming different origins', headers: { ':authority': 'localhost', host: 'evil.example' }, status: 400, mentions: 'different origins' },
    { name: 'no local token', headers: { authorization: '' }, status: 401, mentions: 'no local token' },
    { name: 'a client’s own Impersonate-User', headers: { 'impersonate-user': 'admin' }, status: 403, mentions: 'request carries Impersonate-User' },
    { name: 'a target that is no path', headers: { ':path': '//evil.example/api' }, status: 400, mentions: '//' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { target } = await start();
      const session = await connect(target.port);
      const before = bogus.state.paths.length;
      const answer = await request(session, { ':path': '/ok/refused', ...c.headers });
      expect(answer.status).toBe(c.status);
      expect((JSON.parse(answer.body) as { message: string }).message).toContain(c.mentions);
      expect(answer.headers.connection).toBeUndefined();
      expect(bogus.state.paths.length).toBe(before);
      expect((await request(session, { ':path': '/ok/after-refusal' })).status).toBe(200);
    });
  }

  it('CONNECT → 400 on its stream', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    const stream = session.request({ ':method': 'CONNECT', ':authority': 'evil.example:443' });
    const status = await new Promise<number>((resolve) => stream.on('response', (h) => resolve(Number(h[':status']))));
    stream.resume();
    expect(status).toBe(400);
    expect((await request(session, { ':path': '/ok/after-connect' })).status).toBe(200);
  });

  it('headers beyond the size limit → 431 (nghttp2 only advertises the limit; Gatehouse holds clients to it)', async () => {
    const { target } = await start({ limits: { maxHeaderBytes: 8 * 1024 } });
    const session = await connect(target.port);
    const before = bogus.state.paths.length;
    const answer = await request(session, { ':path': '/ok/big', 'x-big': 'a'.repeat(16 * 1024) });
    expect(answer.status).toBe(431);
    expect(answer.body).toContain('exceed the limit of 8192');
    expect(bogus.state.paths.length).toBe(before);
    expect((await request(session, { ':path': '/ok/after-big' })).status).toBe(200);
  });

  it('an absolute-form :path is refused by nghttp2 itself (PROTOCOL_ERROR), the session goes on', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    await expect(request(session, { ':path': 'https://evil.example/api' })).rejects.toThrow(/PROTOCOL_ERROR|reset/);
    expect((await request(session, { ':path': '/ok/after-absolute' })).status).toBe(200);
  });

  it('a fault in Gatehouse’s own code costs its stream: 500, reported, the session serves on', async () => {
    let fail = true;
    const { target, faults } = await start({
      localToken: () => {
        if (fail) throw new Error('token store exploded');
        return TEST_TOKEN;
      },
    });
    const session = await connect(target.port);
    const answer = await request(session, { ':path': '/ok/fault' });
    expect(answer.status).toBe(500);
    expect(faults.join('\n')).toContain('token store exploded');
    fail = false;
    expect((await request(session, { ':path': '/ok/after-fault' })).status).toBe(200);
  });
});

describe('the cluster’s answer over HTTP/2', () => {
  it('a body cut short resets the stream: never an answer that looks whole', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    await expect(request(session, { ':path': '/short' })).rejects.toThrow(/reset|closed|aborted/i);
    expect((await request(session, { ':path': '/ok/after-short' })).status).toBe(200);
  });

  it('an upstream answering nonsense → 502 on that stream', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    expect((await request(session, { ':path': '/status-000' })).status).toBe(502);
    expect((await request(session, { ':path': '/ok/after-000' })).status).toBe(200);
  });

  it('backpressure: a client that stops reading stops the upstream flood (bounded buffering)', async () => {
    const { target } = await start();
    const session = await connect(target.port);
    const stream = session.request({ ':path': '/flood', authorization: `Bearer ${TEST_TOKEN}` });
    await new Promise<void>((resolve) => stream.once('response', () => resolve()));
    stream.pause();
    // /_blocked answers once the flood has waited a whole second for Gatehouse to read.
    const flood = await new Promise<{ written: number }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: bogus.port, path: '/_blocked' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as { written: number }));
      }).on('error', reject);
    });
    // Flow-control windows, socket buffers and stream high-water marks: megabytes, not the flood.
    expect(flood.written).toBeLessThan(32 * 1024 * 1024);
    stream.destroy();
  });
});

describe('connection lifetime', () => {
  it('a connection with no open stream is closed after the keep-alive time; one with an open stream is not', async () => {
    const { target } = await start({ limits: { keepAliveTimeoutMs: 300 } });
    const idle = await connect(target.port);
    const busy = await connect(target.port);
    const flood = busy.request({ ':path': '/flood', authorization: `Bearer ${TEST_TOKEN}` });
    await new Promise<void>((resolve) => flood.once('response', () => resolve()));
    flood.pause();
    await new Promise<void>((resolve) => idle.once('goaway', () => resolve()));
    await new Promise<void>((resolve) => idle.once('close', () => resolve()));
    expect(busy.closed || busy.destroyed).toBe(false);
    flood.destroy();
  });

  it('drain: GOAWAY to HTTP/2 clients, the stream under way goes on until the grace ends; then close() ends it', async () => {
    const { proxy, target } = await start();
    const session = await connect(target.port);
    const flood = session.request({ ':path': '/flood', authorization: `Bearer ${TEST_TOKEN}` });
    await new Promise<void>((resolve) => flood.once('response', () => resolve()));
    const goaway = new Promise<number>((resolve) => session.once('goaway', (code: number) => resolve(code)));
    const drained = proxy.drain(500, 'the gateway is stopping');
    expect(await goaway).toBe(http2.constants.NGHTTP2_NO_ERROR);
    // After GOAWAY the stream under way still flows ...
    let after = 0;
    await new Promise<void>((resolve) => {
      flood.on('data', (c: Buffer) => {
        after += c.length;
        if (after > 1024 * 1024) resolve();
      });
    });
    // ... and no new stream may start on the session.
    expect(() => session.request({ ':path': '/ok/late' })).toThrow(/GOAWAY|closed|destroyed/i);
    const closed = new Promise<void>((resolve) => (session.destroyed ? resolve() : session.once('close', () => resolve())));
    await drained;
    await closed;
    expect(flood.destroyed).toBe(true);
  });

  it('close() ends open streams at once', async () => {
    const { proxy, target } = await start();
    const session = await connect(target.port);
    const flood = session.request({ ':path': '/flood', authorization: `Bearer ${TEST_TOKEN}` });
    await new Promise<void>((resolve) => flood.once('response', () => resolve()));
    flood.resume();
    const ended = new Promise<void>((resolve) => session.once('close', () => resolve()));
    await proxy.close();
    await ended;
  });
});
