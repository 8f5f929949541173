// The gateway's listener in-process (start-gateway.ts gatewayListener), with a stand-in verifier
// and a plain-HTTP stand-in cluster on loopback that records what reaches it: what goes upstream
// for an admitted person (the cluster's path, the leased credential, Impersonate-*, the person's
// address), every refusal (401 with WWW-Authenticate, 403 naming person and resource, 400/404)
// reaching nothing, the gateway's own routes, the audit line, metrics and the graceful stop. The
// real thing — kubectl, the real cluster and OpenID provider — is e2e/integration/gateway-*.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalTls, type LocalTls } from '../../domain/proxy/local-tls';
import type { AuditLine } from './audit-line';
import { loadGatewayConfig } from './config';
import { LiveOrg } from './live-org';
import { gatewayListener } from './start-gateway';
import { fakeVerifier, type FakeTokens } from './testing/fake-verifier';
import { UpstreamPool } from './upstream-pool';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gwlistener-'));
let tls: LocalTls;
let cluster: http.Server;
let clusterPort: number;
const seen: Seen[] = [];
/** Watches the stand-in cluster holds open, to end them when a test says so. */
const heldOpen: http.ServerResponse[] = [];
const audit: AuditLine[] = [];
const logs: string[] = [];
let port: number;
let stopGateway: (reason: string) => Promise<void>;
let org: LiveOrg;

/** The stand-in verifier's tokens: the token text is the key. */
const TOKENS: FakeTokens = {
  alice: { username: 'alice@example.com', groups: ['Developers', 'idp-everyone'] },
  bob: { username: 'bob@example.com' },
  zed: { username: 'zed@example.com' },
  ops: { username: 'ops@example.com' },
  expired: 'expired',
};

beforeAll(async () => {
  tls = ensureLocalTls(join(dir, 'tls'));
  cluster = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders });
    req.resume();
    if (req.url?.includes('watch=true')) {
      res.writeHead(200, { 'content-type': 'application/json', 'audit-id': 'watch-audit-id' });
      res.write('{"type":"ADDED"}\n');
      heldOpen.push(res);
      return;
    }
    if (req.url?.startsWith('/slow')) {
      setTimeout(() => res.end('{"slow":true}'), 300);
      return;
    }
    const body = JSON.stringify({ kind: 'PodList', items: [] });
    res.writeHead(200, { 'content-type': 'application/json', 'audit-id': `audit-${seen.length}` });
    res.end(body);
  });
  await new Promise<void>((resolve) => cluster.listen(0, '127.0.0.1', resolve));
  clusterPort = (cluster.address() as AddressInfo).port;
  const cluster0 = `{server: "http://127.0.0.1:${clusterPort}", token: leased-token}`;
  writeFileSync(
    join(dir, 'org.yaml'),
    `users:
  - {email: alice@example.com, roles: [Engineering]}
  - {email: bob@example.com, roles: [Developers]}
roles:
  - {name: Engineering, rules: [{resources: [staging, prod]}]}
  - {name: Developers, rules: [{resources: [staging]}]}
resources:
  - {name: staging, type: kubernetes-user-impersonation, cluster: ${cluster0}}
  - {name: prod, type: kubernetes-user-impersonation, cluster: ${cluster0}}
`,
  );
  writeFileSync(
    join(dir, 'config.yaml'),
    `listen: 127.0.0.1:0
tls: {certFile: tls.crt, keyFile: tls.key}
org: org.yaml
oidc: {issuer: "https://idp.test", clientId: gatehouse, groupsClaim: groups}
admins: [ops@example.com]
shutdownGraceSeconds: 5
`,
  );
  const config = loadGatewayConfig(join(dir, 'config.yaml'));
  org = await LiveOrg.start(config.org);
  const upstreams = new UpstreamPool();
  const { proxy, readiness } = gatewayListener({
    config,
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    org,
    verifier: fakeVerifier(TOKENS),
    upstreams,
    output: { audit: (line) => audit.push(line), log: (line) => logs.push(line) },
  });
  port = await proxy.listen();
  await readiness.start(60_000);
  stopGateway = async (reason) => {
    readiness.draining = true;
    await proxy.drain(config.shutdownGraceMs, reason);
    readiness.stop();
  };
});

afterAll(async () => {
  org.close();
  for (const res of heldOpen) res.end();
  await new Promise<void>((resolve) => cluster.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(path: string, opts: { token?: string; headers?: Record<string, string>; method?: string } = {}): Promise<Answer> {
  const token = opts.token;
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', ca: tls.caPem, agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function status(a: Answer): { kind: string; code: number; reason: string; message: string } {
  expect(a.headers['content-type']).toBe('application/json');
  return JSON.parse(a.body) as { kind: string; code: number; reason: string; message: string };
}

/** Runs `act` and returns what reached the stand-in cluster meanwhile. */
async function reaching(act: () => Promise<unknown>): Promise<Seen[]> {
  const before = seen.length;
  await act();
  return seen.slice(before);
}

describe('the gateway listener', () => {
  it('sends an admitted person’s request to the cluster path, as them, with the leased credential and their address', async () => {
    let answer: Answer | undefined;
    const upstream = await reaching(async () => (answer = await request('/k8s/staging/api/v1/namespaces/a/pods?limit=5', { token: 'alice', headers: { 'x-forwarded-for': '6.6.6.6' } })));
    expect(answer?.status).toBe(200);
    expect(upstream.filter((s) => s.url !== '/version')).toHaveLength(1);
    const got = upstream.find((s) => s.url !== '/version');
    expect(got?.url).toBe('/api/v1/namespaces/a/pods?limit=5');
    expect(got?.headers.authorization).toBe('Bearer leased-token');
    expect(got?.headers['impersonate-user']).toBe('alice@example.com');
    // Her org role, plus Developers: an IdP group equal to an org role name.
    expect(got?.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'impersonate-group')).toEqual(['engineering', 'developers', 'system:authenticated']);
    // The peer, never the client's claim.
    expect(got?.headers['x-forwarded-for']).toBe('127.0.0.1');
    const line = audit.find((l) => l.path === '/api/v1/namespaces/a/pods');
    expect(line).toMatchObject({ person: 'alice@example.com', resource: 'staging', verb: 'list', status: 200, address: '127.0.0.1' });
    expect(line?.auditId).toMatch(/^audit-\d+$/);
    expect(line?.bytes).toBeGreaterThan(0);
  });

  it('takes the token from the websocket bearer subprotocol and forwards the rest of the list', async () => {
    const entry = `base64url.bearer.authorization.k8s.io.${Buffer.from('bob').toString('base64url')}`;
    let answer: Answer | undefined;
    const upstream = await reaching(async () => (answer = await request('/k8s/staging/api', { headers: { 'sec-websocket-protocol': `${entry}, v5.channel.k8s.io` } })));
    expect(answer?.status).toBe(200);
    expect(upstream[0]?.headers['impersonate-user']).toBe('bob@example.com');
    expect(upstream[0]?.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io');
  });

  it.each([
    ['no token', '/k8s/staging/api', undefined, 401, /no bearer token/],
    ['a refused token', '/k8s/staging/api', 'expired', 401, /refused: expired/],
    ['an unknown token', '/k8s/staging/api', 'forged', 401, /does not verify/],
    ['a person not in the org', '/k8s/staging/api', 'zed', 403, /"zed@example.com" is signed in but is not a user of the organisation/],
    ['a resource not assigned', '/k8s/prod/api', 'bob', 403, /resource "prod" is not assigned to bob@example.com/],
    ['a resource that does not exist, answered like one not assigned', '/k8s/dev/api', 'alice', 403, /resource "dev" is not assigned to alice@example.com/],
    ['an escape in the resource', '/k8s/prod%2F/api', 'bob', 400, /resource names are matched exactly/],
    ['an encoded slash and dots', '/k8s/staging%2F..%2Fprod/api', 'bob', 400, /resource names are matched exactly|path segment/],
    ['a dot segment', '/k8s/staging/../prod/api', 'bob', 400, /"\." or "\.\." path segment/],
    ['a path outside /k8s', '/api/v1/pods', 'alice', 404, /a resource's Kubernetes API is at \/k8s\/<resource>\//],
  ])('refuses %s, and nothing reaches the cluster', async (_what, path, token, code, message) => {
    let answer: Answer | undefined;
    const upstream = await reaching(async () => (answer = await request(path, token === undefined ? {} : { token })));
    expect(upstream.filter((s) => s.url !== '/version')).toEqual([]);
    expect(answer?.status).toBe(code);
    expect(status(answer as Answer)).toMatchObject({ kind: 'Status', code });
    expect(status(answer as Answer).message).toMatch(message);
    if (code === 401) expect(answer?.headers['www-authenticate']).toMatch(/^Bearer realm="gatehouse"/);
    if (token !== undefined) expect(answer?.body).not.toContain(token === 'forged' ? 'forged' : `Bearer ${token}`);
  });

  it('refuses client Impersonate-* headers with 403, nothing forwarded', async () => {
    let answer: Answer | undefined;
    const upstream = await reaching(async () => (answer = await request('/k8s/staging/api', { token: 'bob', headers: { 'impersonate-user': 'alice@example.com' } })));
    expect(upstream).toEqual([]);
    expect(answer?.status).toBe(403);
    expect(status(answer as Answer).message).toMatch(/impersonate-user/i);
  });

  it('serves the gateway’s own routes', async () => {
    expect((await request('/healthz')).status).toBe(200);
    const ready = await request('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, clusters: { staging: { reachable: true }, prod: { reachable: true } }, keys: { count: 1 } });
    expect(JSON.parse((await request('/.well-known/gatehouse')).body)).toMatchObject({ issuer: 'https://idp.test', clientId: 'gatehouse', scopes: expect.arrayContaining(['openid', 'groups']) });
    const me = await request('/v1/me', { token: 'alice' });
    expect(JSON.parse(me.body)).toMatchObject({ email: 'alice@example.com', roles: ['Engineering', 'Developers'], groups: ['engineering', 'developers', 'system:authenticated'], warnings: [], resources: ['staging', 'prod'] });
    // Where each part comes from, what the desktop lists, and no admin views for her.
    expect(JSON.parse(me.body)).toMatchObject({
      roleSources: [
        { role: 'Engineering', from: 'org' },
        // Not hers in the org file: her IdP groups claim says Developers.
        { role: 'Developers', from: 'idp' },
      ],
      groupSources: [
        { name: 'engineering', from: 'role:Engineering' },
        { name: 'developers', from: 'role:Developers' },
        { name: 'system:authenticated', from: 'always' },
      ],
      resourceDetails: [expect.objectContaining({ name: 'staging', healthcheckNamespace: expect.any(String) }), expect.objectContaining({ name: 'prod' })],
      admin: false,
    });
    expect(me.body).not.toContain('server');
    expect(audit.find((l) => l.path === '/v1/me')).toMatchObject({ person: 'alice@example.com', status: 200, resource: null });
    const noToken = await request('/v1/me');
    expect(noToken.status).toBe(401);
    expect(noToken.headers['www-authenticate']).toBe('Bearer realm="gatehouse"');
    expect((await request('/v1/me', { method: 'POST', token: 'alice' })).status).toBe(405);
  });

  it('opens the admin views to the config’s admins only (who need not be org users)', async () => {
    const refused = await request('/v1/admin/roles', { token: 'alice' });
    expect(refused.status).toBe(403);
    expect(status(refused).message).toMatch(/not an admin of this gateway/);
    const unknown = await request('/v1/admin/doctor?resource=nope', { token: 'ops' });
    expect(unknown.status).toBe(404);
    expect(status(unknown).message).toMatch(/nope/);
    expect((await request('/v1/admin/what', { token: 'ops' })).status).toBe(404);
    expect((await request('/v1/admin/roles')).status).toBe(401);
  });

  it('counts requests, token failures by reason and open streams in /metrics', async () => {
    const watch = https.get({ host: '127.0.0.1', port, path: '/k8s/staging/api/v1/pods?watch=true', ca: tls.caPem, agent: false, headers: { authorization: 'Bearer alice' } });
    const response = await new Promise<http.IncomingMessage>((resolve) => watch.on('response', resolve));
    await new Promise((resolve) => response.once('data', resolve));
    const during = (await request('/metrics')).body;
    expect(during).toMatch(/^gatehouse_gateway_open_streams\{resource="staging"\} 1$/m);
    expect(during).toMatch(/^gatehouse_gateway_token_failures_total\{reason="missing"\} [1-9]/m);
    expect(during).toMatch(/^gatehouse_gateway_token_failures_total\{reason="expired"\} [1-9]/m);
    expect(during).toMatch(/^gatehouse_gateway_requests_total\{resource="staging",verb="list",code="200"\} [1-9]/m);
    // A refused request for a name the org does not have is not a series of its own.
    expect(during).not.toMatch(/resource="dev"/);
    expect(during).toMatch(/^gatehouse_gateway_request_duration_seconds_bucket\{le="0.1",resource="staging",verb="list"\}/m);
    const ended = new Promise((resolve) => response.on('close', resolve));
    heldOpen.shift()?.end();
    await ended;
    await expect.poll(async () => (await request('/metrics')).body).toMatch(/^gatehouse_gateway_open_streams\{resource="staging"\} 0$/m);
  });

  it('stops gracefully: a request under way finishes, an open watch ends, new connections are refused', async () => {
    const slow = request('/k8s/staging/slow', { token: 'alice' });
    const watch = https.get({ host: '127.0.0.1', port, path: '/k8s/staging/api/v1/pods?watch=true', ca: tls.caPem, agent: false, headers: { authorization: 'Bearer alice' } });
    const response = await new Promise<http.IncomingMessage>((resolve) => watch.on('response', resolve));
    const watchEnded = new Promise((resolve) => response.on('close', resolve));
    response.resume();
    // The slow request has reached the cluster before the stop begins.
    await expect.poll(() => seen.some((s) => s.url === '/slow')).toBe(true);
    const stopped = stopGateway('the gateway is shutting down');
    expect((await slow).body).toBe('{"slow":true}');
    await watchEnded;
    await stopped;
    await expect(request('/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });
});
