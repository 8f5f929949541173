// The standing hostile-input suite (SPEC §9), against a live `gatehouse connect --foreground` in
// front of the real test cluster and, for upstream-side cases, the bogus upstream running as a
// process of its own. Every request is raw bytes over TLS — curl or Node's client would normalise
// them. Each case asserts the answer (a Status code or a close), that the Gatehouse process is alive
// and still serves, and — from the cluster's audit log — that nothing a client smuggled reached
// the cluster, and that everything that did was impersonated as the person.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { bodyOf, collect, rawConnect, rawExchange, type RawAnswer, type RawTarget } from '../../app/domain/proxy/testing/raw-client';
import { auditLog, type AuditEvent } from '../support/audit';
import { waitForFileLine } from '../support/file-lines';
import { connectForeground, demoOrgCopy, type ForegroundConnection } from '../support/gatehouse-cli';
import { collectLines, kubectl, spawnKubectl, waitForLine } from '../support/kubectl';

const cluster = inject('cluster');
const audit = auditLog(cluster.auditLog);
/** In every target this suite sends, so its audit events can be told from everyone else's. */
const RUN = `hostile-${randomUUID().slice(0, 8)}`;
const BOGUS_MAIN = fileURLToPath(new URL('../../app/domain/proxy/testing/bogus-upstream-main.ts', import.meta.url));

let workdir: string;
let alice: ForegroundConnection;
let bogus: ChildProcessWithoutNullStreams;
let bogusPort: number;
let token: string;
let bogusToken: string;
let staging: RawTarget;
let bogusResource: RawTarget;

function kubeconfigOf(resource: string): { token: string; ca: string } {
  const kc = parse(readFileSync(alice.kubeconfigs[resource]!, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data': string } }[]; users: { user: { token: string } }[] };
  return { token: kc.users[0]!.user.token, ca: Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString() };
}

/** A request head as kubectl would send it to "staging", plus extra header lines. */
function head(line: string, extra: string[] = [], localToken = token): string {
  return [line, 'Host: 127.0.0.1', `Authorization: Bearer ${localToken}`, 'User-Agent: hostile-suite', ...extra, '', ''].join('\r\n');
}

/** The same for the "bogus" resource (local tokens are per resource). */
function bogusHead(line: string, extra: string[] = []): string {
  return head(line, extra, bogusToken);
}

const cm = (name: string): string => `/api/v1/namespaces/team-a/configmaps/${RUN}-${name}`;

/** What an attacker wants the cluster to read as a second request on a shared connection. */
function smuggled(name: string): string {
  return `GET ${cm(`smuggled-${name}`)} HTTP/1.1\r\nHost: x\r\nImpersonate-User: admin@example.com\r\nImpersonate-Group: system:masters\r\n\r\n`;
}

function chunked(body: string): string {
  return `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
}

function statusOf(answer: RawAnswer): { code: number; message: string; kind: string } {
  return JSON.parse(bodyOf(answer)) as { code: number; message: string; kind: string };
}

/** The process is alive and a plain request through it reaches the cluster as alice. */
async function stillServes(): Promise<void> {
  expect(alice.process.exitCode).toBeNull();
  const r = await rawExchange(staging, head('GET /api/v1/namespaces/team-a/pods?limit=1 HTTP/1.1', ['Connection: close']));
  expect(r.status).toBe(200);
  expect(bodyOf(r)).toContain('"kind":"PodList"');
}

function bogusGet(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: bogusPort, path }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

/** A request to the cluster that surely reached it; once its event is in, earlier ones are too. */
async function auditSettled(): Promise<void> {
  const witness = `${RUN}-witness-${randomUUID().slice(0, 6)}`;
  await kubectl(['get', 'configmap', witness, '-n', 'team-a'], { kubeconfig: alice.kubeconfigs.staging! });
  await audit.waitFor((e) => e.requestURI.includes(witness));
}

const ours = (): AuditEvent[] => {
  audit.refresh();
  return audit.events.filter((e) => e.requestURI.includes(RUN));
};

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-hostile-'));
  bogus = collectLines(spawn(process.execPath, ['--import', 'tsx', BOGUS_MAIN], { stdio: 'pipe' }));
  bogusPort = Number((await waitForLine(bogus, /^bogus-upstream listening (\d+)$/))[1]);
  // "bogus" is assigned to alice (Engineering grants env: prod); its leased token is not a secret.
  const extra = `  - name: bogus\n    type: kubernetes-user-impersonation\n    tags: {env: prod}\n    cluster:\n      server: http://127.0.0.1:${bogusPort}\n      token: bogus-leased-token\n`;
  alice = await connectForeground({ org: demoOrgCopy(cluster.dir, workdir, extra), user: 'alice@example.com', resources: ['staging', 'bogus'] });
  const kc = kubeconfigOf('staging');
  token = kc.token;
  staging = { port: alice.ports.staging!, caPem: kc.ca };
  bogusResource = { port: alice.ports.bogus!, caPem: kc.ca };
  bogusToken = kubeconfigOf('bogus').token;
});

afterAll(async () => {
  bogus?.stdin.end();
  const code = await alice?.stop();
  expect(code).toBe(0);
});

describe('framing tricks against the real cluster: nothing smuggled, the next request unharmed', () => {
  const cases: Array<{ name: string; bytes: () => string; status: number }> = [
    {
      name: 'Content-Length named in Connection (GET with a body)',
      bytes: () => head(`GET ${cm('conn-cl')} HTTP/1.1`, ['Connection: keep-alive, Content-Length', `Content-Length: ${smuggled('conn-cl').length}`]) + smuggled('conn-cl'),
      status: 404,
    },
    {
      name: 'a chunked GET body (Node would send it unframed)',
      bytes: () => head(`GET ${cm('chunked-get')} HTTP/1.1`, ['Transfer-Encoding: chunked']) + chunked(smuggled('chunked-get')),
      status: 404,
    },
    {
      name: 'a chunked DELETE body',
      bytes: () => head(`DELETE ${cm('chunked-delete')} HTTP/1.1`, ['Transfer-Encoding: chunked', 'Content-Type: application/json']) + chunked(smuggled('chunked-delete')),
      status: 400, // the cluster reads the body as DeleteOptions and rejects it: it was framed
    },
    {
      name: 'Transfer-Encoding named in Connection',
      bytes: () => head(`GET ${cm('conn-te')} HTTP/1.1`, ['Connection: Transfer-Encoding', 'Transfer-Encoding: chunked']) + chunked(smuggled('conn-te')),
      status: 404,
    },
    {
      name: 'Connection naming Host, Authorization and Impersonate-User',
      bytes: () => head(`GET ${cm('conn-identity')} HTTP/1.1`, ['Connection: Host, Authorization, Impersonate-User, Impersonate-Group']),
      status: 404,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const conn = await rawConnect(staging);
      const after = cm(`after-${c.name.length}`);
      const answer = await collect(conn, c.bytes() + head(`GET ${after} HTTP/1.1`, ['Connection: close']));
      expect(answer.status).toBe(c.status);
      // Both answers came back on the connection: the second request was read as a request.
      expect(answer.text.match(/^HTTP\/1\.1 \d{3}/gm)).toHaveLength(2);
      await stillServes();
    });
  }

  for (const [name, bytes] of [
    ['Content-Length and Transfer-Encoding together', () => head(`POST ${cm('cl-te')} HTTP/1.1`, ['Content-Length: 4', 'Transfer-Encoding: chunked']) + chunked(smuggled('cl-te'))],
    ['two Content-Length headers', () => head(`POST ${cm('cl-cl')} HTTP/1.1`, ['Content-Length: 4', 'Content-Length: 40']) + smuggled('cl-cl')],
    ['a Transfer-Encoding that is not only chunked', () => head(`POST ${cm('te-gzip')} HTTP/1.1`, ['Transfer-Encoding: gzip, chunked']) + chunked(smuggled('te-gzip'))],
    ['an upgrade request with a body', () => head(`GET /api/v1/namespaces/team-a/pods/web/exec?command=${RUN}-upgrade-body&stdout=true HTTP/1.1`, ['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Protocol: v5.channel.k8s.io', `Content-Length: ${smuggled('upgrade-body').length}`]) + smuggled('upgrade-body')],
  ] as const) {
    it(`refuses ${name} with 400 and closes`, async () => {
      const r = await rawExchange(staging, bytes());
      expect(r.status).toBe(400);
      expect(r.closed).toBe(true);
      expect(statusOf(r).kind).toBe('Status');
      await stillServes();
    });
  }
});

describe('targets, headers and connections', () => {
  for (const [name, line, code] of [
    ['a network-path target (//…)', `GET //evil.example/${RUN} HTTP/1.1`, 400],
    ['an absolute-form target', `GET https://evil.example/${RUN} HTTP/1.1`, 400],
    ['the asterisk target', 'OPTIONS * HTTP/1.1', 400],
    ['a backslash target', `GET /\\evil.example/${RUN} HTTP/1.1`, 400],
    ['dot segments', `GET /api/v1/namespaces/team-a/../../${RUN} HTTP/1.1`, 400],
    ['bad percent-encoding', `GET /api/v1/${RUN}%zz HTTP/1.1`, 400],
  ] as const) {
    it(`answers ${code} to ${name}`, async () => {
      const r = await rawExchange(staging, head(line, ['Connection: close']));
      expect(r.status).toBe(code);
      expect(statusOf(r)).toMatchObject({ kind: 'Status', code });
      await stillServes();
    });
  }

  it('answers 400 to CONNECT', async () => {
    const r = await rawExchange(staging, `CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`);
    expect(r.status).toBe(400);
    await stillServes();
  });

  it('answers 431 to oversized headers', async () => {
    const r = await rawExchange(staging, head(`GET ${cm('big')} HTTP/1.1`, [`X-Big: ${'a'.repeat(40 * 1024)}`]));
    expect(r.status).toBe(431);
    expect(statusOf(r).code).toBe(431);
    await stillServes();
  });

  it('many small headers are all seen by the header decision (the 2,001st is Impersonate-User)', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `X-F${i}: 1`);
    const r = await rawExchange(staging, head(`GET ${cm('many')} HTTP/1.1`, [...filler, 'Impersonate-User: admin@example.com', 'Connection: close']));
    expect(r.status).toBe(403);
    expect(statusOf(r).message).toContain('Impersonate-User');
    await stillServes();
  });

  it('a client impersonation header in any letter case is refused', async () => {
    const r = await rawExchange(staging, head(`GET ${cm('case')} HTTP/1.1`, ['iMpErSoNaTe-GrOuP: system:masters', 'Connection: close']));
    expect(r.status).toBe(403);
    await stillServes();
  });

  it('duplicated Authorization: the first decides, the rest never go upstream', async () => {
    const wrongFirst = await rawExchange(staging, [`GET ${cm('dupauth-wrong')} HTTP/1.1`, 'Host: localhost', 'Authorization: Bearer wrong', `Authorization: Bearer ${token}`, 'Connection: close', '', ''].join('\r\n'));
    expect(wrongFirst.status).toBe(401);
    const rightFirst = await rawExchange(staging, [`GET ${cm('dupauth-right')} HTTP/1.1`, 'Host: localhost', `Authorization: Bearer ${token}`, 'Authorization: Bearer leased-looking', 'Connection: close', '', ''].join('\r\n'));
    expect(rightFirst.status).toBe(404);
    const event = await audit.waitFor((e) => e.requestURI.includes(`${RUN}-dupauth-right`));
    expect(event.user.username).toBe('gatehouse-leased');
  });

  it('duplicated Host: a foreign first Host is refused (DNS rebinding)', async () => {
    const r = await rawExchange(staging, [`GET ${cm('dup-host')} HTTP/1.1`, 'Host: evil.example', 'Host: localhost', `Authorization: Bearer ${token}`, 'Connection: close', '', ''].join('\r\n'));
    expect(r.status).toBe(403);
    await stillServes();
  });

  it('the client cannot write the cluster audit’s sourceIPs', async () => {
    const r = await rawExchange(staging, head(`GET ${cm('xff')} HTTP/1.1`, ['X-Forwarded-For: 10.66.77.88', 'X-Real-Ip: 10.66.77.89', 'Forwarded: for=10.66.77.90', 'Connection: close']));
    expect(r.status).toBe(404);
    const event = (await audit.waitFor((e) => e.requestURI.includes(`${RUN}-xff`))) as AuditEvent & { sourceIPs?: string[] };
    expect(event.sourceIPs).toEqual(['127.0.0.1']);
  });

  it('slow clients that never finish their headers do not stop others', async () => {
    const slow: tls.TLSSocket[] = await Promise.all(Array.from({ length: 60 }, () => rawConnect(staging)));
    for (const s of slow) s.write('GET /api HTTP/1.1\r\nHost: local');
    await stillServes();
    for (const s of slow) s.destroy();
  });

  it('clients vanishing mid-request, mid-body and mid-stream', async () => {
    // Mid-head, mid-body (a body announced and never sent), and a watch dropped while open.
    const midHead = await rawConnect(staging);
    midHead.end('GET /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\nAuthor');
    const midBody = await rawConnect(staging);
    midBody.write(head(`POST /api/v1/namespaces/team-a/configmaps HTTP/1.1`, ['Content-Type: application/json', 'Content-Length: 1000']) + '{"metadata":');
    const watch = await rawConnect(staging);
    const watching = collect(watch, head(`GET /api/v1/namespaces/team-a/configmaps?watch=true&fieldSelector=metadata.name%3D${RUN}-w HTTP/1.1`), /^HTTP\/1\.1 200/m);
    expect((await watching).status).toBe(200);
    midBody.destroy();
    // A websocket exec killed mid-session.
    const exec = spawnKubectl(['exec', '-i', '-n', 'team-a', 'web', '--', 'sh', '-c', 'echo started; cat'], { kubeconfig: alice.kubeconfigs.staging!, version: '1.33' });
    await waitForLine(exec, /^started$/);
    exec.kill('SIGKILL');
    await new Promise((r) => exec.on('exit', r));
    await stillServes();
  });
});

describe('the upstream answering nonsense (bogus upstream, its own process)', () => {
  for (const [path, expected] of [
    ['/status-000', 502],
    ['/garbage', 502],
    ['/both-framing', 502],
    ['/reset', 503],
  ] as const) {
    it(`${path} → ${expected} Status`, async () => {
      const r = await rawExchange(bogusResource, bogusHead(`GET ${path} HTTP/1.1`, ['Connection: close']));
      expect(r.status).toBe(expected);
      expect(statusOf(r).message).toContain('resource "bogus"');
      await stillServes();
    });
  }

  it('a body cut short closes the client connection', async () => {
    const r = await rawExchange(bogusResource, bogusHead('GET /short HTTP/1.1'));
    expect(r.status).toBe(200);
    expect(r.closed).toBe(true);
    expect(bodyOf(r)).toBe('short');
    await stillServes();
  });

  it('what reaches the upstream is framed by Gatehouse: exact length, the leased token, no client claims', async () => {
    const body = smuggled('to-bogus');
    await collect(await rawConnect(bogusResource), bogusHead(`GET /ok/${RUN}-framed HTTP/1.1`, ['Connection: Content-Length, close', `Content-Length: ${body.length}`, 'X-Forwarded-For: 10.1.1.1']) + body);
    const state = (await bogusGet('/_state')) as { paths: string[] };
    expect(state.paths.filter((p) => p.includes('smuggled'))).toEqual([]);
    const log = (await bogusGet('/_log')) as Array<{ bytes: string }>;
    const wire = log.map((c) => Buffer.from(c.bytes, 'base64').toString('latin1')).find((t) => t.includes(`${RUN}-framed`)) ?? '';
    const requestHead = wire.slice(0, wire.indexOf('\r\n\r\n'));
    expect(requestHead).toMatch(new RegExp(`\\r\\nContent-Length: ${body.length}\\r\\n`));
    expect(requestHead.match(/content-length/gi)).toHaveLength(1);
    expect(requestHead).toContain('\r\nAuthorization: Bearer bogus-leased-token\r\n');
    expect(requestHead).toContain('\r\nImpersonate-User: alice@example.com\r\n');
    expect(requestHead).not.toContain('10.1.1.1');
    expect(requestHead).not.toContain(token);
  });
});

describe('backpressure with peers that never read', () => {
  it('a client that never reads a response stops the upstream (a few MB in flight at most)', async () => {
    const conn = await rawConnect(bogusResource);
    conn.pause();
    conn.write(bogusHead('GET /flood HTTP/1.1'));
    const flood = (await bogusGet('/_blocked')) as { written: number };
    expect(flood.written).toBeLessThan(32 * 1024 * 1024);
    conn.destroy();
    await stillServes();
  });

  it('a client that never reads an upgraded stream stops the upstream too', async () => {
    const conn = await rawConnect(bogusResource);
    conn.pause();
    conn.write(bogusHead('POST /upgrade-flood HTTP/1.1', ['Connection: Upgrade', 'Upgrade: SPDY/3.1']));
    const flood = (await bogusGet('/_blocked')) as { written: number };
    expect(flood.written).toBeLessThan(32 * 1024 * 1024);
    conn.destroy();
    await stillServes();
  });

  it('an upstream that never reads a request body stops the client', async () => {
    const conn = await rawConnect(bogusResource);
    conn.write(bogusHead('POST /sink HTTP/1.1', ['Transfer-Encoding: chunked']));
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let written = 0;
    // Writes until the socket has not drained for a whole second: the proxy holds the body back.
    for (;;) {
      written += frame.length;
      if (conn.write(frame)) continue;
      const drained = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 1000);
        conn.once('drain', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!drained) break;
      expect(written).toBeLessThan(64 * 1024 * 1024);
    }
    expect(written).toBeLessThan(64 * 1024 * 1024);
    conn.destroy();
    await stillServes();
  });
});

describe('the cluster’s audit log after all of the above', () => {
  it('shows no smuggled request, and every request of this suite as alice through the leased identity', async () => {
    await auditSettled();
    const events = ours();
    expect(events.length).toBeGreaterThan(5);
    expect(events.filter((e) => e.requestURI.includes('smuggled'))).toEqual([]);
    for (const e of events) {
      expect(e.user.username, e.requestURI).toBe('gatehouse-leased');
      expect(e.impersonatedUser?.username, e.requestURI).toBe('alice@example.com');
      expect(e.impersonatedUser?.groups ?? [], e.requestURI).not.toContain('system:masters');
    }
    // Nothing refused by Gatehouse reached the cluster.
    for (const refused of ['upgrade-body', 'cl-te', 'cl-cl', 'te-gzip', 'many', 'case', 'dupauth-wrong', 'dup-host']) {
      expect(events.filter((e) => e.requestURI.includes(`${RUN}-${refused}`))).toEqual([]);
    }
  });
});

describe('health checks', () => {
  it('reach the cluster through the listener but stay out of the person’s request log', async () => {
    // The connection manager checked "bogus" when it connected: the bogus upstream saw it.
    const state = (await bogusGet('/_state')) as { paths: string[] };
    expect(state.paths).toContain('/api/v1/namespaces/default/pods?limit=1');
    const marker = `/ok/${RUN}-logged`;
    expect((await rawExchange(bogusResource, bogusHead(`GET ${marker} HTTP/1.1`, ['Connection: close']))).status).toBe(200);
    const log = join(alice.home, 'logs', 'requests.jsonl');
    await waitForFileLine(log, (line) => line.includes(marker));
    const bogusLines = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('"resource":"bogus"'));
    expect(bogusLines.length).toBeGreaterThan(0);
    expect(bogusLines.filter((l) => l.includes('"path":"/api/v1/namespaces/default/pods"'))).toEqual([]);
  });
});
