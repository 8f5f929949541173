// The proxy speaking HTTP/2 to the API server (issue 13): the loopback listener in this process,
// its upstream the real test cluster through the leased kubeconfig with `http2: 'all'`, driven by
// a plain HTTPS client. Each operation is checked by what the client got (status, bytes, JSON), by
// the pool (the request was a stream, the HTTP/1.1 agent never opened a socket) and by the
// cluster's audit log (the leased identity impersonating the person). Then what a real cluster
// cannot be made to do, against real Node servers on 127.0.0.1: a server that offers only
// http/1.1, GOAWAY (graceful, and racing a stream the server then refuses), a body cut short.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { RequestRecord } from '../../shared/activity';
import type { H2SessionPool } from '../../app/domain/proxy/h2-session-pool';
import { fixedIdentity } from '../../app/domain/proxy/identity';
import { newLocalToken } from '../../app/domain/proxy/local-auth';
import { ensureLocalTls, type LocalTls } from '../../app/domain/proxy/local-tls';
import { LoopbackAdmission } from '../../app/domain/proxy/loopback-admission';
import { ImpersonatingProxy } from '../../app/domain/proxy/server';
import {
  KubeConfigUpstream,
  upstreamFromKubeconfigFile,
  type Upstream,
  type UpstreamHttp2,
} from '../../app/domain/proxy/upstream';
import { ensureBulkConfigMaps } from '../support/admin-client';
import { auditLog, type AuditEvent } from '../support/audit';
import { kubectl } from '../support/kubectl';

const cluster = inject('cluster');
const audit = auditLog(cluster.auditLog);
const ALICE = { user: 'alice@example.com', groups: ['engineering', 'sre-on-call', 'system:authenticated'] };
const BULK = 2000;
const token = newLocalToken();
const apiPort = Number(new URL(cluster.server).port);

let localTls: LocalTls;
const proxies: Array<ImpersonatingProxy<LoopbackAdmission>> = [];

interface Listener {
  port: number;
  upstream: Upstream;
  faults: string[];
  /**
   * The first access record for `path`, awaited: the proxy records a request when its response has
   * finished on the server side, which can be a moment after the client has read the last byte.
   */
  recorded(path: string): Promise<RequestRecord>;
}

async function listen(upstream: Upstream, resource: string): Promise<Listener> {
  const records: RequestRecord[] = [];
  const waiters: Array<{ path: string; resolve: (r: RequestRecord) => void }> = [];
  const faults: string[] = [];
  const onRequest = (r: RequestRecord): void => {
    records.push(r);
    for (const w of waiters.filter((w) => w.path === r.path)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(r);
    }
  };
  const recorded = (path: string): Promise<RequestRecord> => {
    const seen = records.find((r) => r.path === path);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ path, resolve }));
  };
  const proxy = new ImpersonatingProxy({
    admission: new LoopbackAdmission({ resource, localToken: () => token, identity: fixedIdentity(ALICE), upstream }),
    port: 0,
    tls: localTls,
    // 300 HTTP/1.1 watches are 300 client connections.
    limits: { maxConnections: 1000 },
    onRequest,
    onFault: (m) => faults.push(m),
  });
  proxies.push(proxy);
  return { port: await proxy.listen(), upstream, faults, recorded };
}

async function poolOf(upstream: Upstream): Promise<H2SessionPool> {
  const pool = (await upstream.target()).http2?.pool;
  if (!pool) throw new Error('the upstream has no HTTP/2 pool');
  return pool;
}

/** Sockets the upstream's HTTP/1.1 agent holds: none when everything went over HTTP/2. */
async function agentSockets(upstream: Upstream): Promise<number> {
  const { agent } = await upstream.target();
  const count = (m: NodeJS.ReadOnlyDict<unknown[]>): number =>
    Object.values(m).reduce((n, list) => n + (list?.length ?? 0), 0);
  return count(agent.sockets) + count(agent.freeSockets);
}

/** ESTABLISHED TCP connections of this process to `port` (its own socket inodes in /proc/net/tcp*). */
function tcpConnectionsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed while listing
    }
  }
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const remotePort = parseInt(cols[2]?.split(':')[1] ?? '', 16);
      if (remotePort === port && cols[3] === '01' && inodes.has(cols[9] ?? '')) n += 1;
    }
  }
  return n;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const clientAgent = (): https.Agent => new https.Agent({ keepAlive: true, ca: localTls.caPem });
let agent: https.Agent;

/** One request to the listener as kubectl sends it; `chunked` sends the body without a length. */
function call(
  port: number,
  method: string,
  path: string,
  opts: { body?: string; chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'user-agent': 'h2-upstream-test',
      ...opts.headers,
    };
    if (opts.body !== undefined && !opts.chunked) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = https.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', reject);
    if (opts.body !== undefined && opts.chunked) {
      // Two chunks, so the body is framed as chunked by Node.
      const half = Math.floor(opts.body.length / 2);
      req.write(opts.body.slice(0, half));
      req.end(opts.body.slice(half));
    } else {
      req.end(opts.body);
    }
  });
}

const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;

/** The audit event the cluster wrote for the answer with this Audit-Id. */
async function audited(auditId: unknown, stage = 'ResponseComplete'): Promise<AuditEvent> {
  expect(typeof auditId).toBe('string');
  const event = await audit.waitFor((e) => e.auditID === auditId && e.stage === stage);
  expect(event.user.username).toBe('gatehouse-leased');
  expect(event.impersonatedUser).toEqual({ username: ALICE.user, groups: ALICE.groups });
  return event;
}

interface Watch {
  /** The head arrived (flushed before any event). */
  head: Promise<http.IncomingMessage>;
  /** Resolves when a line containing `text` has arrived. */
  sees(text: string): Promise<void>;
  close(): void;
}

function watch(port: number, path: string, watchAgent: https.Agent | false = false): Watch {
  let received = '';
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  const req = https.request({
    host: '127.0.0.1',
    port,
    path,
    headers: { authorization: `Bearer ${token}` },
    agent: watchAgent,
    ca: localTls.caPem,
  });
  const head = new Promise<http.IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      res.on('data', (c: Buffer) => {
        received += c.toString('utf8');
        for (const w of waiting.splice(0)) {
          if (received.includes(w.text)) w.resolve();
          else waiting.push(w);
        }
      });
      res.on('error', () => {});
      resolve(res);
    });
    req.on('error', reject);
  });
  req.end();
  return {
    head,
    sees: (text) =>
      new Promise((resolve) => {
        if (received.includes(text)) resolve();
        else waiting.push({ text, resolve });
      }),
    close: () => req.destroy(),
  };
}

async function createAsAdmin(name: string): Promise<void> {
  const r = await kubectl(['create', 'configmap', name, '-n', 'team-a'], { kubeconfig: cluster.adminKubeconfig });
  expect(r.stderr).toBe('');
}

beforeAll(async () => {
  localTls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-h2-upstream-')));
  agent = clientAgent();
  await ensureBulkConfigMaps(cluster.adminKubeconfig, 'bulk', BULK);
});

afterAll(async () => {
  agent?.destroy();
  await Promise.all(proxies.map((p) => p.close()));
});

function clusterUpstream(http2Mode: UpstreamHttp2): KubeConfigUpstream {
  return upstreamFromKubeconfigFile(cluster.leasedKubeconfig, undefined, { http2: http2Mode });
}

describe('over HTTP/2 to the real API server', () => {
  let l: Listener;
  let pool: H2SessionPool;
  beforeAll(async () => {
    l = await listen(clusterUpstream('all'), 'staging-h2');
    pool = await poolOf(l.upstream);
  });

  it('GETs one object as a stream, audited as the person', async () => {
    const before = pool.streamsOpened;
    const r = await call(l.port, 'GET', '/api/v1/namespaces/team-a/pods/web');
    expect(r.status).toBe(200);
    expect(json(r)).toMatchObject({ kind: 'Pod', metadata: { name: 'web', namespace: 'team-a' } });
    expect(pool.speaksH2).toBe(true);
    expect(pool.streamsOpened).toBe(before + 1);
    expect(await agentSockets(l.upstream)).toBe(0);
    const event = await audited(r.headers['audit-id']);
    expect(event).toMatchObject({
      verb: 'get',
      objectRef: { resource: 'pods', name: 'web' },
      responseStatus: { code: 200 },
    });
    const record = await l.recorded('/api/v1/namespaces/team-a/pods/web');
    expect(record).toMatchObject({ status: 200, bytes: r.body.length, user: ALICE.user, verb: 'get' });
  });

  it(`LISTs ${BULK} objects whole`, async () => {
    const r = await call(l.port, 'GET', '/api/v1/namespaces/bulk/configmaps?labelSelector=bulk%3Dtrue');
    expect(r.status).toBe(200);
    const items = (json(r).items as Array<{ metadata: { name: string } }>).map((i) => i.metadata.name);
    expect(new Set(items).size).toBe(BULK);
    const record = await l.recorded('/api/v1/namespaces/bulk/configmaps');
    expect(record).toMatchObject({ status: 200, bytes: r.body.length, verb: 'list' });
    await audited(r.headers['audit-id']);
  });

  it('creates, replaces, patches and deletes with bodies (Content-Length and chunked)', async () => {
    const name = `h2-${randomUUID().slice(0, 8)}`;
    const base = '/api/v1/namespaces/team-a/configmaps';
    const cm = (v: string, rv?: string): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'team-a', ...(rv ? { resourceVersion: rv } : {}) },
        data: { k: v, big: 'é'.repeat(5000) },
      });
    const created = await call(l.port, 'POST', base, {
      body: cm('v1'),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    const rv = (json(created).metadata as { resourceVersion: string }).resourceVersion;
    const replaced = await call(l.port, 'PUT', `${base}/${name}`, {
      body: cm('v2', rv),
      headers: { 'content-type': 'application/json' },
    });
    expect(replaced.status).toBe(200);
    expect(json(replaced)).toMatchObject({ data: { k: 'v2' } });
    const patched = await call(l.port, 'PATCH', `${base}/${name}`, {
      body: JSON.stringify({ data: { k: 'v3' } }),
      chunked: true,
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    expect(json(patched)).toMatchObject({ data: { k: 'v3', big: 'é'.repeat(5000) } });
    const deleted = await call(l.port, 'DELETE', `${base}/${name}`, {
      body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }),
      headers: { 'content-type': 'application/json' },
    });
    expect(deleted.status).toBe(200);
    expect((await call(l.port, 'GET', `${base}/${name}`)).status).toBe(404);
    for (const [answer, verb] of [
      [created, 'create'],
      [replaced, 'update'],
      [patched, 'patch'],
      [deleted, 'delete'],
    ] as const) {
      expect(await audited(answer.headers['audit-id'])).toMatchObject({ verb, objectRef: { name } });
    }
    expect(await agentSockets(l.upstream)).toBe(0);
  });

  it('streams a watch: the head at once, the event as it happens; closing it frees the stream upstream', async () => {
    const name = `h2-watch-${randomUUID().slice(0, 8)}`;
    const w = watch(l.port, `/api/v1/namespaces/team-a/configmaps?watch=true&fieldSelector=metadata.name%3D${name}`);
    const head = await w.head;
    expect(head.statusCode).toBe(200);
    expect(pool.streamCount).toBe(1);
    const seen = w.sees(`"name":"${name}"`);
    await createAsAdmin(name);
    await seen;
    w.close();
    // The cluster ends the watch (RST_STREAM reached it) and the pool has the stream back.
    await audited(head.headers['audit-id']);
    await vi.waitFor(() => expect(pool.streamCount).toBe(0));
    expect(await agentSockets(l.upstream)).toBe(0);
  });

  it('holds 300 watches, more than one session takes, on a few sessions and as many TCP connections', async () => {
    const N = 300;
    const name = `h2-many-${randomUUID().slice(0, 8)}`;
    const watches = Array.from({ length: N }, () =>
      watch(l.port, `/api/v1/namespaces/team-a/configmaps?watch=true&fieldSelector=metadata.name%3D${name}`),
    );
    try {
      const heads = await Promise.all(watches.map((w) => w.head));
      expect(heads.every((h) => h.statusCode === 200)).toBe(true);
      expect(pool.streamCount).toBe(N);
      // The test cluster announces SETTINGS_MAX_CONCURRENT_STREAMS 100 (Go's default is 250).
      const limit = pool.streamLimit;
      expect(limit).toBeLessThan(N);
      expect(pool.sessionCount).toBe(Math.ceil(N / limit));
      expect(tcpConnectionsTo(apiPort)).toBe(pool.sessionCount);
      // Every one of them is live.
      const seen = Promise.all(watches.map((w) => w.sees(`"name":"${name}"`)));
      await createAsAdmin(name);
      await seen;
    } finally {
      for (const w of watches) w.close();
    }
    await vi.waitFor(() => expect(pool.streamCount).toBe(0), { timeout: 10_000 });
    // The burst is over: one idle session is kept, the others closed.
    await vi.waitFor(() => expect(pool.sessionCount).toBe(1));
    await vi.waitFor(() => expect(tcpConnectionsTo(apiPort)).toBe(1));
  });

  it('answers while the watches of another client hold streams (no head-of-line wait)', async () => {
    const w = watch(l.port, '/api/v1/namespaces/team-a/configmaps?watch=true');
    try {
      await w.head;
      const r = await call(l.port, 'GET', '/api/v1/namespaces/team-a/pods/web');
      expect(r.status).toBe(200);
      expect(pool.sessionCount).toBe(1);
    } finally {
      w.close();
    }
  });

  it('has no fault on record', () => {
    expect(l.faults).toEqual([]);
  });
});

describe("upstreamHttp2 'streams'", () => {
  it('sends watches over HTTP/2 and everything else on the HTTP/1.1 agent', async () => {
    const l = await listen(clusterUpstream('streams'), 'staging-h2-streams');
    const pool = await poolOf(l.upstream);
    const r = await call(l.port, 'GET', '/api/v1/namespaces/team-a/pods/web');
    expect(r.status).toBe(200);
    expect(pool.streamsOpened).toBe(0);
    expect(await agentSockets(l.upstream)).toBe(1);
    await audited(r.headers['audit-id']);
    const w = watch(l.port, '/api/v1/namespaces/team-a/configmaps?watch=true');
    try {
      expect((await w.head).statusCode).toBe(200);
      expect(pool.streamsOpened).toBe(1);
      expect(await agentSockets(l.upstream)).toBe(1);
    } finally {
      w.close();
    }
  });

  it("'off' has no pool at all", async () => {
    expect((await clusterUpstream('off').target()).http2).toBeUndefined();
  });
});

/** A kubeconfig for a local test server, trusting the listener's own local CA (its leaf is for 127.0.0.1). */
function upstreamTo(port: number, http2Mode: UpstreamHttp2 = 'all'): KubeConfigUpstream {
  const name = 'local-test-server';
  return new KubeConfigUpstream(
    {
      clusters: [
        {
          name,
          server: `https://127.0.0.1:${port}`,
          caData: Buffer.from(localTls.caPem).toString('base64'),
          skipTLSVerify: false,
        },
      ],
      users: [{ name, token: 'leased-token-for-a-local-server' }],
      contexts: [{ name, cluster: name, user: name }],
      currentContext: name,
    },
    'test kubeconfig',
    { http2: http2Mode },
  );
}

describe('an API server that offers only http/1.1', () => {
  it('is asked once, then gets every request on the HTTP/1.1 agent', async () => {
    const seen: Array<{ version: string; user: string | undefined; socket: unknown }> = [];
    const server = https.createServer(
      { cert: localTls.certPem, key: localTls.keyPem, ALPNProtocols: ['http/1.1'] },
      (req, res) => {
        seen.push({
          version: req.httpVersion,
          user: req.headers['impersonate-user'] as string | undefined,
          socket: req.socket,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ kind: 'Status', path: req.url }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const l = await listen(upstreamTo((server.address() as AddressInfo).port), 'http1-only');
      const pool = await poolOf(l.upstream);
      const first = await call(l.port, 'GET', '/api/v1/namespaces/a/pods/first');
      const second = await call(l.port, 'GET', '/api/v1/namespaces/a/pods/second');
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(json(second)).toEqual({ kind: 'Status', path: '/api/v1/namespaces/a/pods/second' });
      expect(pool.speaksH2).toBe(false);
      expect(pool.sessionCount).toBe(0);
      expect(seen.map((s) => [s.version, s.user])).toEqual([
        ['1.1', ALICE.user],
        ['1.1', ALICE.user],
      ]);
      // Both on the agent's one keep-alive connection.
      expect(seen[0]?.socket).toBe(seen[1]?.socket);
      expect(l.faults).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** A Node HTTP/2 server with the listener's certificate; `onStream` answers each stream. */
async function h2Server(
  onStream: (
    stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
    session: http2.ServerHttp2Session,
  ) => void,
): Promise<{ port: number; sessions: Set<http2.ServerHttp2Session>; close(): Promise<void> }> {
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({ cert: localTls.certPem, key: localTls.keyPem });
  server.on('session', (s) => sessions.add(s));
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    onStream(stream, headers, stream.session as http2.ServerHttp2Session);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sessions,
    close: async () => {
      for (const s of sessions) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('GOAWAY and broken streams, from a real HTTP/2 server', () => {
  it('after a graceful GOAWAY, the next request goes on a new session', async () => {
    const ids = new Map<http2.ServerHttp2Session, number>();
    const server = await h2Server((stream, headers, session) => {
      if (!ids.has(session)) ids.set(session, ids.size + 1);
      stream.respond({ ':status': 200, 'content-type': 'application/json' });
      stream.end(JSON.stringify({ session: ids.get(session), path: headers[':path'] }));
      if (headers[':path'] === '/goaway') session.goaway(http2.constants.NGHTTP2_NO_ERROR, stream.id);
    });
    try {
      const l = await listen(upstreamTo(server.port), 'goaway');
      expect(json(await call(l.port, 'GET', '/goaway'))).toEqual({ session: 1, path: '/goaway' });
      expect(json(await call(l.port, 'GET', '/after'))).toEqual({ session: 2, path: '/after' });
      expect(l.faults).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('sends a stream refused by GOAWAY again on a new session, once', async () => {
    const ids = new Map<http2.ServerHttp2Session, number>();
    const held: http2.ServerHttp2Stream[] = [];
    const server = await h2Server((stream, headers, session) => {
      if (!ids.has(session)) ids.set(session, ids.size + 1);
      const answer = (s: http2.ServerHttp2Stream, path: unknown): void => {
        s.respond({ ':status': 200, 'content-type': 'application/json' });
        s.end(JSON.stringify({ session: ids.get(session), path }));
      };
      if (headers[':path'] === '/first') {
        held.push(stream);
        return;
      }
      // The second stream of the first session: GOAWAY naming only the first as processed.
      const first = held.shift();
      if (ids.get(session) === 1 && first) {
        session.goaway(http2.constants.NGHTTP2_NO_ERROR, first.id);
        answer(first, '/first');
        return;
      }
      answer(stream, headers[':path']);
    });
    try {
      const l = await listen(upstreamTo(server.port), 'goaway-race');
      const first = call(l.port, 'GET', '/first');
      await vi.waitFor(() => expect(held).toHaveLength(1));
      const second = await call(l.port, 'GET', '/second');
      expect(json(second)).toEqual({ session: 2, path: '/second' });
      expect(json(await first)).toEqual({ session: 1, path: '/first' });
      expect(l.faults).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('closes the client connection when the body is cut short, never a response that looks whole', async () => {
    const server = await h2Server((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/json', 'content-length': '1000' });
      stream.write('{"partial":', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    });
    try {
      const l = await listen(upstreamTo(server.port), 'cut-short');
      await expect(call(l.port, 'GET', '/short')).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
      // The listener goes on.
      expect(l.faults).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('answers 503 naming the cluster when nothing listens', async () => {
    const server = await h2Server(() => {});
    const port = server.port;
    await server.close();
    const l = await listen(upstreamTo(port), 'nothing-there');
    const r = await call(l.port, 'GET', '/api');
    expect(r.status).toBe(503);
    expect(json(r).message).toContain(
      `cannot reach the cluster for resource "nothing-there" (https://127.0.0.1:${port}): ECONNREFUSED`,
    );
  });

  it('holds a client that does not read: the server is stopped by flow control, not buffered in memory', async () => {
    let written = 0;
    let blocked: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (blocked = resolve));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const server = await h2Server((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/octet-stream' });
      const pump = (): void => {
        while (written < 512 * 1024 * 1024) {
          written += chunk.length;
          if (!stream.write(chunk)) {
            // Blocked for a moment once more than the windows hold: the flow is stopped, report it.
            const at = written;
            const timer = setTimeout(() => {
              if (written === at) blocked();
            }, 500);
            stream.once('drain', () => {
              clearTimeout(timer);
              pump();
            });
            return;
          }
        }
      };
      pump();
    });
    try {
      const l = await listen(upstreamTo(server.port), 'slow-reader');
      const req = https.request({
        host: '127.0.0.1',
        port: l.port,
        path: '/flood',
        headers: { authorization: `Bearer ${token}` },
        ca: localTls.caPem,
        agent: false,
      });
      const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve).end());
      res.pause();
      await stalled;
      // Windows (1 MiB stream, 16 MiB session) plus socket buffers on both hops; nowhere near 512 MiB.
      expect(written).toBeLessThan(48 * 1024 * 1024);
      req.destroy();
    } finally {
      await server.close();
    }
  });
});
