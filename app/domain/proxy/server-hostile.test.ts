// The proxy in-process, in front of the bogus upstream, driven with raw bytes: framing, targets,
// limits, upstream nonsense, backpressure, and faults injected into each of its handlers (request,
// response, upgrade, recorder, logger). An exception escaping any of them would be an uncaught
// error, which fails this run; each case also shows that the next request is still served.
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalTls, type LocalTls } from './local-tls';
import type { LoopbackAdmission } from './loopback-admission';
import type { ImpersonatingProxy } from './server';
import type { SessionRecorder } from './session-recorder';
import { startBogusUpstream, type BogusUpstream } from './testing/bogus-upstream';
import { bodyOf, collect, rawConnect, rawExchange, type RawTarget } from './testing/raw-client';
import { startTestProxy, TEST_TOKEN, type StartedProxy, type TestProxyOptions } from './testing/test-proxy';

const TOKEN = TEST_TOKEN;
let tls: LocalTls;
let bogus: BogusUpstream;
const proxies: ImpersonatingProxy<LoopbackAdmission>[] = [];

const start = (opts: TestProxyOptions = {}): Promise<StartedProxy> => startTestProxy(tls, bogus.port, proxies, opts);

const head = (line: string, extra: string[] = []): string => [line, 'Host: localhost', `Authorization: Bearer ${TOKEN}`, ...extra, '', ''].join('\r\n');

/** One ordinary request that must work: the listener still serves. */
async function stillServes(target: RawTarget): Promise<void> {
  const r = await rawExchange(target, head('GET /ok/still-serves HTTP/1.1', ['Connection: close']));
  expect(r.status).toBe(200);
  expect(bodyOf(r)).toContain('/ok/still-serves');
}

function statusBody(text: string): { code: number; message: string } {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { code: number; message: string };
}

beforeAll(async () => {
  tls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-hostile-tls-')));
  bogus = await startBogusUpstream();
});

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

afterAll(async () => {
  await bogus.close();
});

describe('framing: what reaches the upstream is exactly the request Gatehouse read', () => {
  const smuggled = (marker: string): string => `GET /smuggled-${marker} HTTP/1.1\r\nHost: x\r\nImpersonate-User: admin\r\n\r\n`;

  const cases: Array<{ name: string; request: (marker: string) => string; status: number }> = [
    {
      name: 'Content-Length named in Connection still frames the body',
      request: (m) => head('GET /ok/a HTTP/1.1', ['Connection: keep-alive, Content-Length', `Content-Length: ${smuggled(m).length}`]) + smuggled(m),
      status: 200,
    },
    {
      name: 'a GET with a Content-Length body',
      request: (m) => head('GET /ok/b HTTP/1.1', [`Content-Length: ${smuggled(m).length}`]) + smuggled(m),
      status: 200,
    },
    {
      name: 'a DELETE with a chunked body',
      request: (m) => {
        const body = smuggled(m);
        return head('DELETE /ok/c HTTP/1.1', ['Transfer-Encoding: chunked']) + `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      },
      status: 200,
    },
    {
      name: 'Transfer-Encoding named in Connection still frames the body',
      request: (m) => {
        const body = smuggled(m);
        return head('POST /ok/d HTTP/1.1', ['Connection: Transfer-Encoding', 'Transfer-Encoding: chunked']) + `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
      },
      status: 200,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { target } = await start();
      const marker = Math.random().toString(36).slice(2);
      const before = bogus.state.paths.length;
      const conn = await rawConnect(target);
      // The request, then a second one on the same connection: both answered, in order.
      const answer = await collect(conn, c.request(marker) + head('GET /ok/after HTTP/1.1', ['Connection: close']));
      expect(answer.status).toBe(c.status);
      expect(answer.text).toContain('/ok/after');
      // The upstream read exactly two requests; the body never became one.
      const read = bogus.state.paths.slice(before);
      expect(read.filter((p) => p.includes('smuggled'))).toEqual([]);
      expect(read).toHaveLength(2);
    });
  }

  it('refuses an upgrade request that carries a body, before anything reaches the upstream', async () => {
    const { target } = await start();
    const before = bogus.state.paths.length;
    const r = await rawExchange(target, head('GET /upgrade-sink HTTP/1.1', ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', 'Content-Length: 20']) + 'x'.repeat(20));
    expect(r.status).toBe(400);
    expect(statusBody(r.text).message).toContain('cannot carry a body');
    expect(bogus.state.paths.length).toBe(before);
    await stillServes(target);
  });
});

describe('targets', () => {
  for (const [name, line] of [
    ['network-path //', 'GET //evil.example/api HTTP/1.1'],
    ['absolute-form', 'GET http://evil.example/api HTTP/1.1'],
    ['asterisk', 'OPTIONS * HTTP/1.1'],
    ['dot segments', 'GET /api/../apis HTTP/1.1'],
    ['bad percent-encoding', 'GET /api/%zz HTTP/1.1'],
  ] as const) {
    it(`answers 400 to ${name}, without reaching the upstream`, async () => {
      const { target, records } = await start();
      const before = bogus.state.paths.length;
      const r = await rawExchange(target, head(line, ['Connection: close']));
      expect(r.status).toBe(400);
      expect(statusBody(r.text)).toMatchObject({ code: 400 });
      expect(bogus.state.paths.length).toBe(before);
      await stillServes(target);
      expect(records[0]).toMatchObject({ status: 400, user: '' });
    });
  }

  it('answers 400 to CONNECT', async () => {
    const { target } = await start();
    const r = await rawExchange(target, 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
    expect(r.status).toBe(400);
    await stillServes(target);
  });
});

describe('limits before admission', () => {
  it('closes a connection that does not finish its headers in time (408)', async () => {
    const { target } = await start({ limits: { headersTimeoutMs: 400 } });
    const conn = await rawConnect(target);
    const started = Date.now();
    const r = await collect(conn, 'GET /ok HTTP/1.1\r\nHost: localhost\r\n');
    expect(r.closed).toBe(true);
    expect(r.status).toBe(408);
    expect(Date.now() - started).toBeLessThan(5_000);
    await stillServes(target);
  });

  it('keeps an admitted stream open well past the header timeout', async () => {
    const { target } = await start({ limits: { headersTimeoutMs: 300, keepAliveTimeoutMs: 300 } });
    const conn = await rawConnect(target);
    const answer = collect(conn, head('GET /flood HTTP/1.1'), /0123/);
    // Waiting for something not to happen has no event: three header timeouts pass, the stream stays.
    await new Promise<void>((resolve) => setTimeout(resolve, 1000));
    expect(conn.destroyed).toBe(false);
    conn.destroy();
    await answer;
  });

  it('answers 431 to headers larger than the limit', async () => {
    const { target } = await start({ limits: { maxHeaderBytes: 8 * 1024 } });
    const r = await rawExchange(target, head('GET /ok HTTP/1.1', [`X-Big: ${'a'.repeat(10 * 1024)}`]));
    expect(r.status).toBe(431);
    await stillServes(target);
  });

  it('closes connections beyond the cap at once, and serves again when they are gone', async () => {
    const { target } = await start({ limits: { maxConnections: 4 } });
    const idle = await Promise.all([1, 2, 3, 4].map(() => rawConnect(target)));
    const refused = await rawConnect(target).then(
      (s) => collect(s, null),
      () => ({ closed: true, status: null, text: '' }),
    );
    expect(refused).toMatchObject({ closed: true, status: null });
    for (const s of idle) s.destroy();
    await Promise.all(idle.map((s) => new Promise((r) => (s.closed ? r(null) : s.on('close', r)))));
    // The server learns of the closes asynchronously; the first good request after them works.
    await expect.poll(async () => (await rawExchange(target, head('GET /ok/x HTTP/1.1', ['Connection: close']))).status, { timeout: 5_000 }).toBe(200);
  });
});

describe('the upstream answering nonsense', () => {
  for (const [path, code] of [
    ['/status-000', 502],
    ['/garbage', 502],
    ['/both-framing', 502],
    ['/reset', 503],
  ] as const) {
    it(`${path} → ${code} Status`, async () => {
      const { target } = await start();
      const r = await rawExchange(target, head(`GET ${path} HTTP/1.1`, ['Connection: close']));
      expect(r.status).toBe(code);
      expect(statusBody(r.text).message).toContain('resource "bogus"');
      await stillServes(target);
    });
  }

  it('a body cut short closes the client connection instead of looking complete', async () => {
    const { target } = await start();
    const r = await rawExchange(target, head('GET /short HTTP/1.1'));
    expect(r.status).toBe(200);
    expect(r.closed).toBe(true);
    expect(bodyOf(r)).toBe('short');
    await stillServes(target);
  });
});

describe('backpressure', () => {
  it('a client that never reads stops the upstream, with little buffered in between', async () => {
    const { target } = await start();
    const conn = await rawConnect(target);
    conn.pause();
    conn.write(head('GET /flood HTTP/1.1'));
    const state = await new Promise<{ written: number }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: bogus.port, path: '/_blocked' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body) as { written: number }));
      }).on('error', reject);
    });
    // Kernel socket buffers on both legs plus the streams' high-water marks: a few MB at most.
    expect(state.written).toBeLessThan(32 * 1024 * 1024);
    conn.destroy();
    await stillServes(target);
  });
});

describe('faults inside each handler cost one connection, never the process', () => {
  it('request handler: a local-token source that throws → 500, next request served', async () => {
    let fail = true;
    const { target, faults } = await start({
      localToken: () => {
        if (fail) throw new Error('token store exploded');
        return TOKEN;
      },
    });
    const r = await rawExchange(target, head('GET /ok HTTP/1.1', ['Connection: close']));
    expect(r.status).toBe(500);
    expect(statusBody(r.text).message).toContain('token store exploded');
    expect(faults.join('\n')).toContain('resource "bogus"');
    fail = false;
    await stillServes(target);
  });

  it('identity source throwing something that is not an Error → 403, next request served', async () => {
    let fail = true;
    const { target } = await start({
      identity: {
        current: () => {
          if (fail) throw 'not an error object'; // not an Error: the point of the test
          return { user: 'alice@example.com', groups: ['system:authenticated'] };
        },
      },
    });
    const r = await rawExchange(target, head('GET /ok HTTP/1.1', ['Connection: close']));
    expect(r.status).toBe(403);
    fail = false;
    await stillServes(target);
  });

  it('response path: a request logger that throws is contained; the answer was delivered', async () => {
    let fail = true;
    const { target, faults } = await start({
      onRequest: () => {
        if (fail) throw new Error('log disk full');
      },
    });
    const r = await rawExchange(target, head('GET /ok/logged HTTP/1.1', ['Connection: close']));
    expect(r.status).toBe(200);
    await expect.poll(() => faults.join('\n')).toContain('log disk full');
    fail = false;
    await stillServes(target);
  });

  it('upgrade handler: a local-token source that throws → 500 on the raw socket', async () => {
    let fail = true;
    const { target } = await start({
      localToken: () => {
        if (fail) throw new Error('token store exploded');
        return TOKEN;
      },
    });
    const r = await rawExchange(target, head('POST /upgrade-sink HTTP/1.1', ['Connection: Upgrade', 'Upgrade: SPDY/3.1']));
    expect(r.status).toBe(500);
    fail = false;
    await stillServes(target);
  });

  it('recorder: start() and the tap throwing cost the recording, not the session', async () => {
    const recorders: Array<[string, SessionRecorder]> = [
      ['start throws', { start: () => { throw new Error('recorder broken'); } }], // prettier-ignore
      ['tap throws', { start: () => ({ fromClient: () => { throw new Error('tap broken'); }, fromServer: () => {}, end: () => {} }) }], // prettier-ignore
    ];
    for (const [name, recorder] of recorders) {
      const { target, faults } = await start({ recorder });
      const conn = await rawConnect(target);
      const answer = collect(conn, head('POST /upgrade-flood HTTP/1.1', ['Connection: Upgrade', 'Upgrade: SPDY/3.1']), /xxxx/);
      conn.write('client bytes after the switch');
      const r = await answer;
      expect(r.status, name).toBe(101);
      await expect.poll(() => faults.join('\n'), { timeout: 5_000 }).toMatch(/recorder/);
      await stillServes(target);
    }
  });
});

describe('health checks', () => {
  it('are served with the listener’s own token and kept out of the request log; only GET', async () => {
    const { proxy, target, records } = await start();
    const check = (method: string): string => [`${method} /ok/health HTTP/1.1`, 'Host: localhost', `Authorization: Bearer ${proxy.admission.healthCheckToken}`, 'Connection: close', '', ''].join('\r\n');
    expect((await rawExchange(target, check('GET'))).status).toBe(200);
    expect((await rawExchange(target, check('POST'))).status).toBe(401);
    await stillServes(target);
    await expect.poll(() => records.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 401', 'GET 200']);
  });
});
