// What the proxy refuses, and how it fails, against the real cluster: missing or wrong local token,
// client impersonation, foreign Host, a reserved group, an unbound group, a dead cluster, broken
// clients — and that one connection's fault never reaches another.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { parse } from 'yaml';
import { auditLog } from '../support/audit';
import { waitForFileIn, waitForFileLine } from '../support/file-lines';
import { connectForeground, demoOrgCopy, type ForegroundConnection } from '../support/gatehouse-cli';
import { kubectl, spawnKubectl, waitForLine } from '../support/kubectl';

const cluster = inject('cluster');
const audit = auditLog(cluster.auditLog);
let workdir: string;
let alice: ForegroundConnection;
let dave: ForegroundConnection;
let carol: ForegroundConnection;

interface StandaloneKubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
}

function kubeconfigOf(conn: ForegroundConnection, resource: string): StandaloneKubeconfig {
  return parse(readFileSync(conn.kubeconfigs[resource]!, 'utf8')) as StandaloneKubeconfig;
}

/** A copy of a Gatehouse kubeconfig with another token. */
function withToken(conn: ForegroundConnection, resource: string, token: string): string {
  const changed = readFileSync(conn.kubeconfigs[resource]!, 'utf8').replace(/token: .*/, `token: ${token}`);
  const file = join(workdir, `kubeconfig-${randomUUID().slice(0, 6)}`);
  writeFileSync(file, changed, { mode: 0o600 });
  return file;
}

/** A raw HTTPS request to a Gatehouse listener, trusting its local CA. */
function rawRequest(conn: ForegroundConnection, resource: string, opts: { path: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  const kc = kubeconfigOf(conn, resource);
  const headers: Record<string, string> = { authorization: `Bearer ${kc.users[0]!.user.token}`, ...opts.headers };
  if (headers.authorization === '') delete headers.authorization;
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: conn.ports[resource],
        path: opts.path,
        ca: Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
        // TLS verifies the certificate for localhost whatever the Host header says.
        servername: 'localhost',
        headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * kubectl's discovery client drops the message of a 401/403 Status on its first requests (/api,
 * /apis) and prints "unknown" — with any server. Users have run kubectl before; so do we, so the
 * refusal of the actual request is what kubectl shows.
 */
async function warmDiscovery(conn: ForegroundConnection): Promise<void> {
  const r = await kubectl(['get', 'pods', '-n', 'team-a', '-o', 'name'], { kubeconfig: conn.kubeconfigs.staging! });
  expect(r.code).toBe(0);
}

/** Proves a request did not reach the cluster: a later request did, and the first left no trace. */
async function neverReachedCluster(marker: string, conn: ForegroundConnection): Promise<void> {
  const witness = `witness-${randomUUID()}`;
  await kubectl(['get', 'configmap', witness, '-n', 'team-a'], { kubeconfig: conn.kubeconfigs.staging! });
  await audit.waitFor((e) => e.requestURI.includes(witness));
  expect(audit.events.filter((e) => e.requestURI.includes(marker))).toEqual([]);
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-refusals-'));
  // "dead" is assigned to alice (Engineering grants env: prod) and points at a closed port.
  const dead = `  - name: dead\n    type: kubernetes-user-impersonation\n    tags: {env: prod}\n    cluster:\n      server: https://127.0.0.1:9\n      token: not-used\n`;
  const org = demoOrgCopy(cluster.dir, workdir, dead);
  // One after the other: each picks its ports from the same free range.
  alice = await connectForeground({ org, user: 'alice@example.com', resources: ['staging', 'dead'] });
  dave = await connectForeground({ org, user: 'dave@example.com', resources: ['staging'] });
  carol = await connectForeground({ org, user: 'carol@example.com', resources: ['staging'] });
});

afterAll(async () => {
  const codes = await Promise.all([alice, dave, carol].filter(Boolean).map((c) => c.stop()));
  expect(codes).toEqual(codes.map(() => 0));
});

describe('local authentication', () => {
  it('answers 401 without a token, with a Kubernetes Status', async () => {
    // (kubectl itself, given a kubeconfig user without credentials, prompts for a username first.)
    const r = await rawRequest(alice, 'staging', { path: '/api/v1/namespaces/team-a/pods', headers: { authorization: '' } });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect(r.body).toContain('request for resource \\"staging\\" has no local token');
  });

  it('answers 401 with a wrong token, and never forwards it', async () => {
    const marker = `wrong-token-${randomUUID()}`;
    await warmDiscovery(alice);
    const r = await kubectl(['get', 'configmap', marker, '-n', 'team-a'], { kubeconfig: withToken(alice, 'staging', 'x'.repeat(43)) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: You must be logged in to the server (gatehouse: request for resource "staging" has a wrong local token');
    await neverReachedCluster(marker, alice);
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const r = await rawRequest(alice, 'staging', { path: '/api', headers: { host: 'evil.example:443' } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', code: 403, reason: 'Forbidden' });
    expect(r.body).toContain('is not a loopback name');
  });

  it('accepts the token as a websocket subprotocol (browser clients), and strips it', async () => {
    const kc = kubeconfigOf(alice, 'staging');
    const token = kc.users[0]!.user.token;
    const url = `wss://127.0.0.1:${alice.ports.staging}/api/v1/namespaces/team-a/pods/web/exec?command=echo&command=subprotocol-ok&stdout=1&stderr=1`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io', `base64url.bearer.authorization.k8s.io.${Buffer.from(token).toString('base64url')}`], {
      ca: Buffer.from(kc.clusters[0]!.cluster['certificate-authority-data'], 'base64'),
    });
    const stdout: string[] = [];
    let status = '';
    ws.on('message', (data: Buffer) => {
      if (data[0] === 1) stdout.push(data.subarray(1).toString());
      if (data[0] === 3) status = data.subarray(1).toString();
    });
    await new Promise((resolve, reject) => {
      ws.on('close', resolve);
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    expect(stdout.join('')).toBe('subprotocol-ok\n');
    expect(JSON.parse(status)).toMatchObject({ status: 'Success' });
    const event = await audit.waitFor((e) => e.requestURI.includes('command=subprotocol-ok'));
    expect(event.impersonatedUser?.username).toBe('alice@example.com');
  });
});

describe('impersonation stays Gatehouse’s', () => {
  it('refuses kubectl --as with 403 and sends nothing to the cluster', async () => {
    const marker = `as-someone-${randomUUID()}`;
    await warmDiscovery(alice);
    const r = await kubectl(['--as=someone@example.com', 'get', 'configmap', marker, '-n', 'team-a'], { kubeconfig: alice.kubeconfigs.staging! });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden): gatehouse: request carries Impersonate-User');
    await neverReachedCluster(marker, alice);
  });

  it('refuses Impersonate-Group alone too (kubectl refuses --as-group without --as itself)', async () => {
    const marker = `as-group-${randomUUID()}`;
    const r = await rawRequest(alice, 'staging', { path: `/api/v1/namespaces/team-a/configmaps/${marker}`, headers: { 'impersonate-group': 'system:masters' } });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
    expect(r.body).toContain('request carries Impersonate-Group');
    await neverReachedCluster(marker, alice);
  });

  it('a role named System:Masters does not grant cluster-admin', async () => {
    const whoami = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.groups}'], { kubeconfig: dave.kubeconfigs.staging! });
    expect(JSON.parse(whoami.stdout)).toEqual(['system:authenticated']);
    const secrets = await kubectl(['get', 'secrets', '-A'], { kubeconfig: dave.kubeconfigs.staging! });
    expect(secrets.code).toBe(1);
    expect(secrets.stderr).toContain('User "dave@example.com" cannot list resource "secrets"');
    const all = await kubectl(['auth', 'can-i', '*', '*'], { kubeconfig: dave.kubeconfigs.staging! });
    expect(all.stdout.trim()).toBe('no');
    const event = await audit.waitFor((e) => e.impersonatedUser?.username === 'dave@example.com' && e.objectRef?.resource === 'secrets');
    expect(event.impersonatedUser?.groups).toEqual(['system:authenticated']);
    expect(event.responseStatus?.code).toBe(403);
  });

  it('a user whose group has no binding is forbidden', async () => {
    const r = await kubectl(['get', 'pods', '-n', 'team-a'], { kubeconfig: carol.kubeconfigs.staging! });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('User "carol@example.com" cannot list resource "pods"');
  });
});

describe('failures stay contained', () => {
  it('answers 503 naming the resource and cause when its cluster is unreachable', async () => {
    const r = await kubectl(['get', '--raw', '/api/v1/namespaces/team-a/pods'], { kubeconfig: alice.kubeconfigs.dead! });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (ServiceUnavailable): gatehouse: cannot reach the cluster for resource "dead" (https://127.0.0.1:9): ECONNREFUSED');
    const direct = await rawRequest(alice, 'dead', { path: '/api' });
    expect(direct.status).toBe(503);
    expect(JSON.parse(direct.body)).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
  });

  it('survives broken clients, and other connections go on', async () => {
    const watch = spawnKubectl(['get', 'pods', '-n', 'team-a', '--watch', '-o', 'name'], { kubeconfig: alice.kubeconfigs.staging! });
    await waitForLine(watch, /^pod\/web$/);
    // Garbage instead of HTTP, a TLS client that vanishes mid-handshake, and a request cut off
    // halfway through its headers.
    const port = alice.ports.staging!;
    const garbage = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => garbage.write('\x00\x01 not http at all\r\n\r\n'));
    garbage.on('error', () => {});
    let answer = '';
    garbage.on('data', (c: Buffer) => (answer += c.toString()));
    await new Promise((resolve) => garbage.on('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const half = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      half.write('GET /api/v1/namespaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor');
      half.destroy();
    });
    half.on('error', () => {});
    const rst = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    rst.on('error', () => {});
    rst.destroy();

    const r = await kubectl(['get', 'pod', 'web', '-n', 'team-a', '-o', 'name'], { kubeconfig: alice.kubeconfigs.staging! });
    expect(r.stdout.trim()).toBe('pod/web');
    expect(watch.exitCode).toBeNull();
    watch.kill();
    expect(alice.process.exitCode).toBeNull();
  });
});

describe('local audit', () => {
  it('logs one JSON line per request, with identity, verb, status, bytes and duration', async () => {
    const marker = `logged-${randomUUID()}`;
    await kubectl(['get', 'configmap', marker, '-n', 'team-a'], { kubeconfig: alice.kubeconfigs.staging! });
    // The proxy writes the line once the response has gone out, maybe just after kubectl is done.
    const raw = await waitForFileLine(join(alice.home, 'logs', 'requests.jsonl'), (l) => l.includes(marker));
    const line = JSON.parse(raw) as Record<string, unknown>;
    expect(line).toMatchObject({
      resource: 'staging',
      user: 'alice@example.com',
      groups: ['engineering', 'sre-on-call', 'system:authenticated'],
      verb: 'get',
      method: 'GET',
      namespace: 'team-a',
      apiResource: 'configmaps',
      status: 404,
    });
    expect(line?.bytes).toBeGreaterThan(0);
    expect(typeof line?.durationMs).toBe('number');
    expect(typeof line?.time).toBe('string');
  });

  it('records websocket exec sessions as asciicast with stdin and stdout', async () => {
    const input = `recorded-${randomUUID()}\n`;
    const r = await kubectl(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { kubeconfig: alice.kubeconfigs.staging!, stdin: input });
    expect(r.stdout).toBe(input);
    // The recording is complete once the session has closed on the proxy's side too.
    const escaped = JSON.stringify(input);
    const cast = await waitForFileIn(join(alice.home, 'recordings'), (text) => text.includes(`"i",${escaped}`) && text.includes(`"o",${escaped}`));
    const [header, ...events] = cast.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, gatehouse: { user: 'alice@example.com', namespace: 'team-a', pod: 'web', command: ['cat'] } });
    expect(events).toContainEqual([expect.any(Number), 'i', input]);
    expect(events).toContainEqual([expect.any(Number), 'o', input]);
  });

  it('records at most 8 MB of output per session, and says so', async () => {
    const marker = `bulk-${randomUUID().slice(0, 8)}`;
    const r = await kubectl(['exec', '-n', 'team-a', 'web', '--', 'sh', '-c', `echo ${marker}; head -c 12000000 /dev/zero | tr '\\0' a`], { kubeconfig: alice.kubeconfigs.staging! });
    expect(r.stdout.length).toBe(marker.length + 1 + 12_000_000);
    const cast = await waitForFileIn(join(alice.home, 'recordings'), (text) => text.includes(marker) && text.includes('"m","gatehouse: output beyond 8 MB was not recorded"'));
    expect(cast.length).toBeLessThan(9 * 1024 * 1024);
  });

  it('never writes a token or credential to its logs or recordings', () => {
    const secrets = [
      ...[alice, dave, carol].map((c) => kubeconfigOf(c, 'staging').users[0]!.user.token),
      ...['leased.kubeconfig', 'admin.kubeconfig'].map((f) => /token: (\S+)/.exec(readFileSync(join(cluster.dir, f), 'utf8'))![1]!),
    ];
    for (const conn of [alice, dave, carol]) {
      for (const sub of ['logs', 'recordings']) {
        const dir = join(conn.home, sub);
        for (const f of existsSync(dir) ? readdirSync(dir) : []) {
          const text = readFileSync(join(conn.home, sub, f), 'utf8');
          for (const secret of secrets) expect(text.includes(secret), `${sub}/${f} contains a secret`).toBe(false);
        }
      }
    }
  });
});
