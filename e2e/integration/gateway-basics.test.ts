// The gateway as it ships: `npm run build:gateway`'s bundle (out/gateway/gatehouse.mjs, what the
// image runs) started as `gatehouse gateway --config FILE` against the real test cluster and the
// real test OpenID provider. Its listening line, probes, sign-in document and /v1/me with a real ID
// token; kubectl 1.33 straight to /k8s/staging with a bearer-token kubeconfig, checked in the
// cluster's audit log (the leased identity impersonating the person) and joined to the gateway's
// audit line by Audit-Id; an `inCluster: true` resource whose leased credential is a real
// ServiceAccount token in a directory this test chooses; 401 without a token; a bad config exits 2
// naming file and key; SIGTERM exits 0. The full matrix is e2e/integration/gateway.test.ts.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { auditLog } from '../support/audit';
import { demoOrgCopy } from '../support/gatehouse-cli';
import { gatewayRequest, writeGatewayConfig, writeGatewayKubeconfig, type GatewayConfig } from '../support/gateway';
import { collectLines, kubectl, waitForLine } from '../support/kubectl';
import { signIn, type TokenSet } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const root = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(root, 'out/gateway/gatehouse.mjs');
const run = promisify(execFile);
const admin = { kubeconfig: cluster.adminKubeconfig };
const ALICE = 'alice@example.com';

let workdir: string;
let config: GatewayConfig;
let gateway: ChildProcessWithoutNullStreams;
let exited: Promise<number | null>;
let stdout = '';
let stderr = '';
let url: string;
let alice: TokenSet;
/** The ServiceAccount that is the leased identity of the inCluster resource. */
const serviceAccount = `gatehouse-gw-${randomUUID().slice(0, 8)}`;

function spawnGateway(file: string, env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const home = mkdtempSync(join(tmpdir(), 'gatehouse-gw-home-'));
  return collectLines(spawn(process.execPath, [BUNDLE, 'gateway', '--config', file], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env } }));
}

/** The gateway's JSON audit lines so far. */
function auditLines(): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function auditLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  await expect.poll(() => auditLines().some(match), { timeout: 10_000 }).toBe(true);
  return auditLines().find(match) ?? {};
}

/** A ServiceAccount allowed to impersonate (the cluster's impersonator role), its token and CA in a directory. */
async function serviceAccountDir(): Promise<string> {
  const dir = join(workdir, 'serviceaccount');
  mkdirSync(dir);
  expect((await kubectl(['create', 'serviceaccount', serviceAccount, '-n', 'default'], admin)).code).toBe(0);
  expect((await kubectl(['create', 'clusterrolebinding', serviceAccount, '--clusterrole=gatehouse-impersonator', `--serviceaccount=default:${serviceAccount}`], admin)).code).toBe(0);
  const token = await kubectl(['create', 'token', serviceAccount, '-n', 'default', '--duration=1h'], admin);
  expect(token.code, token.stderr).toBe(0);
  writeFileSync(join(dir, 'token'), token.stdout.trim(), { mode: 0o600 });
  copyFileSync(join(cluster.dir, 'pki', 'ca.crt'), join(dir, 'ca.crt'));
  return dir;
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-basics-'));
  await run(process.execPath, [join(root, 'scripts/build-gateway.mjs')], { cwd: root });
  const saDir = await serviceAccountDir();
  // `home` is tagged env=prod: alice's role Engineering grants it by tag.
  const org = demoOrgCopy(cluster.dir, workdir, '  - name: home\n    type: kubernetes-user-impersonation\n    tags: {env: prod}\n    cluster: {inCluster: true}\n');
  config = writeGatewayConfig({ dir: join(workdir, 'gateway'), org, oidc: idp, admins: ['erin@example.com'], extra: { serviceAccountDir: saDir, shutdownGraceSeconds: 5 } });
  const server = new URL(cluster.server);
  gateway = spawnGateway(config.file, { KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port });
  gateway.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  gateway.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  exited = new Promise((resolve) => gateway.on('exit', (code) => resolve(code)));
  try {
    url = (await waitForLine(gateway, /^gateway listening (https:\/\/127\.0\.0\.1:\d+)$/))[1] ?? '';
  } catch (err) {
    throw new Error(`${(err as Error).message}\nstderr:\n${stderr}`, { cause: err });
  }
  alice = await signIn(idp, ALICE);
}, 120_000);

afterAll(async () => {
  if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
  await kubectl(['delete', 'clusterrolebinding', serviceAccount, '--ignore-not-found'], admin);
  await kubectl(['delete', 'serviceaccount', serviceAccount, '-n', 'default', '--ignore-not-found'], admin);
});

const get = (path: string, token?: string) => gatewayRequest(url, config.caPem, { path, ...(token === undefined ? {} : { token }) });

describe('gatehouse gateway --config (the built bundle)', () => {
  it('answers its probes and says how to sign in', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status, ready.body).toBe(200);
    const report = JSON.parse(ready.body) as { ready: boolean; keys: { count: number }; clusters: Record<string, { reachable: boolean }> };
    expect(report.ready).toBe(true);
    expect(report.keys.count).toBeGreaterThan(0);
    // Checked in the background; the first round may still be under way for the in-cluster one.
    await expect.poll(async () => (JSON.parse((await get('/readyz')).body) as typeof report).clusters, { timeout: 15_000 }).toEqual({ staging: { reachable: true, checkedAt: expect.any(String) }, prod: { reachable: true, checkedAt: expect.any(String) }, payments: { reachable: true, checkedAt: expect.any(String) }, home: { reachable: true, checkedAt: expect.any(String) } });
    const signInInfo = JSON.parse((await get('/.well-known/gatehouse')).body) as { issuer: string; clientId: string; scopes: string[] };
    expect(signInInfo).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId });
    expect(signInInfo.scopes).toContain('openid');
  });

  it('/v1/me is the person of a real ID token, as whoami --json has them', async () => {
    const me = await get('/v1/me', alice.idToken);
    expect(me.status, me.body).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({
      email: ALICE,
      // Engineering and SRE On-Call from the org; Developers from her IdP groups (groupsClaim).
      roles: ['Engineering', 'SRE On-Call', 'Developers'],
      groups: ['engineering', 'sre-on-call', 'developers', 'system:authenticated'],
      warnings: [],
      resources: ['staging', 'prod', 'home'],
    });
  });

  it('kubectl 1.33 get pods straight to /k8s/staging runs as the person (cluster audit) and the gateway logs it with the same Audit-Id', async () => {
    const since = Date.now();
    const kubeconfig = writeGatewayKubeconfig(join(workdir, 'kubeconfig-staging'), { gatewayUrl: url, resource: 'staging', caPem: config.caPem, token: alice.idToken });
    const r = await kubectl(['get', 'pods', '-n', 'team-a', '-o', 'name'], { kubeconfig, version: '1.33' });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toContain('pod/web');
    const event = await audit.waitFor((e) => e.verb === 'list' && e.objectRef?.resource === 'pods' && e.objectRef.namespace === 'team-a' && e.impersonatedUser?.username === ALICE && Date.parse(e.requestReceivedTimestamp) >= since - 1000 && (e.userAgent ?? '').startsWith('kubectl.1.33/'));
    expect(event.user.username).toBe('gatehouse-leased');
    expect([...(event.impersonatedUser?.groups ?? [])].sort()).toEqual(['developers', 'engineering', 'sre-on-call', 'system:authenticated']);
    const line = await auditLine((l) => l.auditId === event.auditID);
    expect(line).toMatchObject({ person: ALICE, resource: 'staging', verb: 'list', path: '/api/v1/namespaces/team-a/pods', status: 200, address: '127.0.0.1' });
    expect(line.bytes).toEqual(expect.any(Number));
    expect(line.durationMs).toEqual(expect.any(Number));
  });

  it('an inCluster resource uses the ServiceAccount token from the chosen directory as its leased credential', async () => {
    const since = Date.now();
    const marker = `incluster-${randomUUID().slice(0, 8)}`;
    const r = await get(`/k8s/home/api/v1/namespaces/team-a/configmaps/${marker}`, alice.idToken);
    expect(r.status, r.body).toBe(404);
    const event = await audit.waitFor((e) => e.requestURI.includes(marker) && Date.parse(e.requestReceivedTimestamp) >= since - 1000);
    expect(event.user.username).toBe(`system:serviceaccount:default:${serviceAccount}`);
    expect(event.impersonatedUser?.username).toBe(ALICE);
    expect((await auditLine((l) => String(l.path).includes(marker))).auditId).toBe(event.auditID);
  });

  it('no token: 401 with WWW-Authenticate: Bearer, and nothing reaches the cluster', async () => {
    const marker = `no-token-${randomUUID().slice(0, 8)}`;
    const r = await get(`/k8s/staging/api/v1/namespaces/team-a/configmaps/${marker}`);
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
    // A later request that did reach the cluster is in its audit log; the refused one never is.
    const witness = `witness-${randomUUID().slice(0, 8)}`;
    expect((await get(`/k8s/staging/api/v1/namespaces/team-a/configmaps/${witness}`, alice.idToken)).status).toBe(404);
    await audit.waitFor((e) => e.requestURI.includes(witness));
    expect(audit.events.filter((e) => e.requestURI.includes(marker))).toEqual([]);
    expect(await auditLine((l) => String(l.path).includes(marker))).toMatchObject({ person: null, status: 401, address: '127.0.0.1' });
  });

  it('a bad config exits 2 naming the file and the key, before listening', async () => {
    const file = join(workdir, 'bad-config.yaml');
    writeFileSync(file, readFileSync(config.file, 'utf8').replace(/^listen: .*$/m, 'listen: nowhere'));
    const bad = spawnGateway(file);
    let err = '';
    bad.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => bad.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain(`gateway config ${file}: listen (line`);
    expect(err).toContain('must be host:port');
  });

  it('SIGTERM: stops and exits 0; no token in anything it printed', async () => {
    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: not ready, draining/);
    for (const secret of [alice.idToken, alice.accessToken, alice.refreshToken ?? 'no-refresh-token', alice.idToken.split('.')[2] ?? '']) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });
});
