// The gateway (SPEC §10, issue 11) against the real test cluster and a real OpenID provider: two
// replicas as separate processes from one config; real kubectl of three versions straight to
// them with the person's ID token; every operation checked by its output AND by the cluster's own
// audit log (the leased identity impersonating the person and their groups) and, where it joins, by
// the gateway's own audit line (same Audit-Id). Refusals are checked by status and by absence:
// each refused request carries a unique marker in its path, and after a later request that did
// reach the cluster, no audit event has the marker — as anybody.
//
// The file starts its own test provider, which knows 200 generated people besides the demo
// accounts, so one org (the demo org + those 200 with the role "SRE On-Call", whose group is bound
// to read configmaps in team-a) serves every test, and one pair of replicas is started per file.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseDocument, type YAMLSeq } from 'yaml';
import { ensureBulkConfigMaps } from '../support/admin-client';
import { auditLog, type AuditEvent } from '../support/audit';
import { waitForFileIn } from '../support/file-lines';
import { demoOrgCopy } from '../support/gatehouse-cli';
import { gatewayRequest, startGatewayReplicas, writeGatewayConfig, writeGatewayKubeconfig, type AuditLine, type GatewayConfig, type GatewayReplica, type GatewayResponse } from '../support/gateway';
import { kubectl, spawnKubectl, waitForLine, type KubectlOptions, type KubectlResult, type KubectlVersion } from '../support/kubectl';
import { generatedAccounts } from '../support/oidc/accounts';
import { hs256WithPublicKey, jwtParts, nowSeconds, resignedByOtherKey, resignedByProvider, tampered, unsigned } from '../support/oidc/forge';
import { startOidcProvider, type RunningOidcProvider } from '../support/oidc/harness';
import { signIn, type TokenSet } from '../support/oidc/tokens';

const cluster = inject('cluster');
const audit = auditLog(cluster.auditLog);
const BULK = 2000;
const PEOPLE = 200;
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
// alice's org roles Engineering and SRE On-Call, plus Developers: her IdP group of that name
// equals an org role, and the config names `groupsClaim: groups`.
const ALICE_GROUPS = ['developers', 'engineering', 'sre-on-call', 'system:authenticated'];
const BOB_GROUPS = ['developers', 'system:authenticated'];
const PERSON_GROUPS = ['sre-on-call', 'system:authenticated'];
const LEASED = 'gatehouse-leased';

let workdir: string;
let idp: RunningOidcProvider;
let config: GatewayConfig;
let replicaA: GatewayReplica;
let replicaB: GatewayReplica;
let alice: TokenSet;
let bob: TokenSet;
/** Every token string any test used (real or forged): none may appear in any output. */
const tokensUsed = new Set<string>();
/** Everything kubectl printed in this file. */
const kubectlOutput: string[] = [];

const sorted = (list: readonly string[] | undefined): string[] => [...(list ?? [])].sort();

function remember(tokens: TokenSet): TokenSet {
  for (const t of [tokens.idToken, tokens.accessToken, tokens.refreshToken]) if (t) tokensUsed.add(t);
  return tokens;
}

/** The demo org plus `count` generated people (user-000@example.com …) with the role SRE On-Call. */
function orgWithPeople(dir: string, count: number): string {
  const doc = parseDocument(readFileSync(demoOrgCopy(cluster.dir, dir), 'utf8'));
  const users = doc.get('users') as YAMLSeq;
  for (const person of generatedAccounts(count)) users.add(doc.createNode({ email: person.email, name: person.name, roles: ['SRE On-Call'] }));
  const file = join(dir, 'org-with-people.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** A kubeconfig straight to `replica` for `resource`, with `token` as the bearer. */
function kubeconfigFor(replica: GatewayReplica, token: string, resource = 'staging'): string {
  return writeGatewayKubeconfig(join(workdir, `kubeconfig-${replica.name}-${resource}-${randomUUID().slice(0, 8)}`), { gatewayUrl: replica.url, resource, caPem: config.caPem, token });
}

/** kubectl, with its output kept for the no-token check. */
async function kc(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const r = await kubectl(args, opts);
  kubectlOutput.push(r.stdout, r.stderr);
  return r;
}

const running: ChildProcessWithoutNullStreams[] = [];
function spawnKept(args: string[], opts: KubectlOptions): ChildProcessWithoutNullStreams {
  const child = spawnKubectl(args, opts);
  child.stdout.on('data', (c: Buffer) => kubectlOutput.push(c.toString()));
  child.stderr.on('data', (c: Buffer) => kubectlOutput.push(c.toString()));
  running.push(child);
  return child;
}
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** A raw request to a replica, as `token` (none when undefined). */
function raw(replica: GatewayReplica, path: string, token?: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<GatewayResponse> {
  return gatewayRequest(replica.url, config.caPem, { path, token, headers, method, body });
}

/** The cluster's audit event for a request as `person` since `since`, from the leased identity with `groups`. */
async function auditedAs(person: string, groups: string[], since: number, match: (e: AuditEvent) => boolean, leased = LEASED): Promise<AuditEvent> {
  const event = await audit.waitFor((e) => e.impersonatedUser?.username === person && Date.parse(e.requestReceivedTimestamp) >= since - 1000 && match(e));
  expect(event.user.username).toBe(leased);
  expect(sorted(event.impersonatedUser?.groups)).toEqual(groups);
  return event;
}

/**
 * Proves refused requests never reached the cluster, as anybody: a later request did (the
 * witness, as alice through replica A), and no audit event names any marker.
 */
async function neverReachedCluster(markers: string[]): Promise<void> {
  const witness = `witness-${randomUUID()}`;
  const r = await raw(replicaA, `/k8s/staging/api/v1/namespaces/team-a/configmaps/${witness}`, alice.idToken);
  expect(r.status).toBe(404);
  await audit.waitFor((e) => e.requestURI.includes(witness));
  for (const marker of markers) expect(audit.events.filter((e) => e.requestURI.includes(marker)), marker).toEqual([]);
}

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
  details?: { name?: string };
}

function statusOf(r: GatewayResponse): Status {
  expect(r.headers['content-type'], r.body).toMatch(/^application\/json/);
  const status = JSON.parse(r.body) as Status;
  expect(status).toMatchObject({ kind: 'Status', code: r.status });
  return status;
}

/** 401 with `WWW-Authenticate: Bearer …` and a Status saying why, without the token in it. */
function expectUnauthorized(r: GatewayResponse, token: string | undefined): void {
  expect(r.status, r.body).toBe(401);
  expect(r.headers['www-authenticate']).toMatch(/^Bearer\b/);
  const status = statusOf(r);
  expect(status.reason).toBe('Unauthorized');
  expect(status.message.length).toBeGreaterThan(10);
  if (token) for (const part of [token, ...jwtParts(token)]) if (part.length >= 8) expect(r.body).not.toContain(part);
}

/** The gateway's own audit line for a request whose path contains `marker`. */
function gatewayLine(replica: GatewayReplica, marker: string): Promise<AuditLine> {
  return replica.waitForAudit((l) => typeof l.path === 'string' && l.path.includes(marker));
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-test-'));
  const [provider] = await Promise.all([startOidcProvider({ generatedAccounts: PEOPLE }), ensureBulkConfigMaps(cluster.adminKubeconfig, 'bulk', BULK)]);
  idp = provider;
  config = writeGatewayConfig({
    dir: join(workdir, 'gateway'),
    org: orgWithPeople(workdir, PEOPLE),
    oidc: idp.info,
    admins: ['erin@example.com'],
    // Relative to the config file; both replicas write there, as pods would to a shared volume.
    // A short grace keeps the SIGTERM test quick (the default is 20 s).
    extra: { recordings: { dir: 'recordings' }, shutdownGraceSeconds: 3 },
  });
  const replicas = await startGatewayReplicas(config, 2);
  replicaA = replicas[0]!;
  replicaB = replicas[1]!;
  const [a, b] = await Promise.all([signIn(idp.info, ALICE), signIn(idp.info, BOB)]);
  alice = remember(a);
  bob = remember(b);
});

afterAll(async () => {
  for (const r of [replicaA, replicaB]) if (r) await r.kill();
  await idp?.stop();
});

describe('the gateway’s own routes', () => {
  it('/healthz and /readyz answer 200 without a token (probes carry none)', async () => {
    for (const replica of [replicaA, replicaB]) {
      expect((await raw(replica, '/healthz')).status).toBe(200);
      expect((await raw(replica, '/readyz')).status).toBe(200);
    }
  });

  it('/.well-known/gatehouse says what a desktop needs to sign in', async () => {
    const r = await raw(replicaA, '/.well-known/gatehouse');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body) as { issuer: string; clientId: string; scopes: string[] };
    expect(body.issuer).toBe(idp.info.issuer);
    expect(body.clientId).toBe(idp.info.clientId);
    expect(body.scopes).toContain('openid');
  });

  it('/v1/me is the person as `whoami --json` has them (roles from the org and the groups claim)', async () => {
    const r = await raw(replicaB, '/v1/me', alice.idToken);
    expect(r.status, r.body).toBe(200);
    const me = JSON.parse(r.body) as { email: string; roles: string[]; groups: string[]; warnings: unknown[]; resources: string[] };
    expect(me.email).toBe(ALICE);
    expect(sorted(me.roles)).toEqual(['Developers', 'Engineering', 'SRE On-Call']);
    expect(sorted(me.groups)).toEqual(ALICE_GROUPS);
    expect(me.warnings).toEqual([]);
    expect(sorted(me.resources)).toEqual(['prod', 'staging']);

    const erin = remember(await signIn(idp.info, 'erin@example.com'));
    const erinMe = JSON.parse((await raw(replicaA, '/v1/me', erin.idToken)).body) as { warnings: { group: string }[]; groups: string[] };
    // Platform Team and Platform-Team both derive platform-team: a collision, sent once.
    expect(erinMe.warnings).toContainEqual(expect.objectContaining({ group: 'platform-team' }));
    expect(erinMe.groups.filter((g) => g === 'platform-team')).toHaveLength(1);
  });

  it('/v1/me without a token is 401 with WWW-Authenticate: Bearer', async () => {
    expectUnauthorized(await raw(replicaA, '/v1/me'), undefined);
  });

  it('/metrics is Prometheus text with request counts by resource and token failures by reason', async () => {
    const marker = `metrics-${randomUUID()}`;
    expect((await raw(replicaA, `/k8s/staging/api/v1/namespaces/team-a/configmaps/${marker}`, alice.idToken)).status).toBe(404);
    expectUnauthorized(await raw(replicaA, `/k8s/staging/api/v1/namespaces/team-a/configmaps/${marker}`, 'garbage'), 'garbage');
    const r = await raw(replicaA, '/metrics', undefined, { accept: 'text/plain' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toMatch(/^# (HELP|TYPE) /m);
    expect(r.body).toMatch(/resource="staging"/);
    expect(r.body).toMatch(/reason="[^"]+"/);
    expect(r.body).toMatch(/_bucket\{/);
    expect(r.body).not.toContain(marker);
  });
});

describe('two replicas, one config', () => {
  it('the same person’s token works on both; each writes its audit line joined to the cluster’s by Audit-Id', async () => {
    for (const replica of [replicaA, replicaB]) {
      const since = Date.now();
      const marker = `both-${replica.name}-${randomUUID().slice(0, 8)}`;
      const r = await kc(['get', 'configmap', marker, '-n', 'team-a'], { kubeconfig: kubeconfigFor(replica, alice.idToken) });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`configmaps "${marker}" not found`);
      const event = await auditedAs(ALICE, ALICE_GROUPS, since, (e) => e.requestURI.includes(marker));
      expect(event.responseStatus?.code).toBe(404);
      const line = await gatewayLine(replica, marker);
      expect(line).toMatchObject({ person: ALICE, resource: 'staging', verb: 'get', status: 404 });
      expect(line.path).toBe(`/api/v1/namespaces/team-a/configmaps/${marker}`);
      expect(line.bytes).toEqual(expect.any(Number));
      expect(Number(line.bytes)).toBeGreaterThan(0);
      expect(typeof (line.durationMs ?? line.duration)).toBe('number');
      expect(String(line.address)).toMatch(/127\.0\.0\.1/);
      expect(line.auditId).toBe(event.auditID);
    }
  });
});

describe('the person’s address', () => {
  it('is the peer’s, never a client’s own X-Forwarded-For (no trusted proxies configured)', async () => {
    const marker = `xff-${randomUUID()}`;
    const r = await raw(replicaA, `/k8s/staging/api/v1/namespaces/team-a/configmaps/${marker}`, alice.idToken, { 'x-forwarded-for': '203.0.113.9', forwarded: 'for=203.0.113.9', 'x-real-ip': '203.0.113.9' });
    expect(r.status).toBe(404);
    const line = await gatewayLine(replicaA, marker);
    expect(String(line.address)).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(line)).not.toContain('203.0.113.9');
    const event = await audit.waitFor((e) => e.requestURI.includes(marker));
    expect(JSON.stringify(event)).not.toContain('203.0.113.9');
  });
});

const VERSIONS: KubectlVersion[] = ['1.27', '1.30', '1.33'];
const wsExec = (v: KubectlVersion): boolean => v >= '1.30';
const wsPortForward = (v: KubectlVersion): boolean => v >= '1.31';

describe.each(VERSIONS)('kubectl %s straight to the gateway', (version) => {
  // Spread over both replicas; each version's kubeconfig is made once its tokens exist.
  const replica = (): GatewayReplica => (version === '1.30' ? replicaB : replicaA);
  let kubeconfig: string;
  beforeAll(() => {
    kubeconfig = kubeconfigFor(replica(), alice.idToken);
  });
  const opts = (extra: Omit<KubectlOptions, 'kubeconfig' | 'version'> = {}): KubectlOptions => ({ kubeconfig, version, ...extra });
  const asAlice = (since: number, match: (e: AuditEvent) => boolean): Promise<AuditEvent> =>
    auditedAs(ALICE, ALICE_GROUPS, since, (e) => (e.userAgent ?? '').startsWith(`kubectl.${version}/`) && match(e));

  it(`lists ${BULK} objects in one LIST`, async () => {
    const since = Date.now();
    const r = await kc(['get', 'configmaps', '-n', 'bulk', '-l', 'bulk=true', '-o', 'name', '--chunk-size=0'], opts());
    expect(r.stderr).toBe('');
    const names = r.stdout.trim().split('\n');
    expect(names).toHaveLength(BULK);
    expect(new Set(names).size).toBe(BULK);
    const event = await asAlice(since, (e) => e.verb === 'list' && e.objectRef?.namespace === 'bulk');
    expect(event.responseStatus?.code).toBe(200);
  });

  it('gets one object', async () => {
    const since = Date.now();
    const r = await kc(['get', 'pod', 'web', '-n', 'team-a', '-o', 'jsonpath={.status.phase}'], opts());
    expect(r.stdout).toBe('Running');
    await asAlice(since, (e) => e.verb === 'get' && e.objectRef?.resource === 'pods' && e.objectRef.name === 'web');
  });

  it('streams a watch event through within 1 s of the change', async () => {
    const name = `gw-watch-${version.replace('.', '-')}-${randomUUID().slice(0, 6)}`;
    const since = Date.now();
    const watch = spawnKept(['get', 'configmaps', '-n', 'team-a', '--watch-only', '-o', 'name'], opts());
    await asAlice(since, (e) => e.verb === 'watch' && e.objectRef?.resource === 'configmaps');
    const seen = waitForLine(watch, new RegExp(`^configmap/${name}$`));
    const created = await kubectl(['create', 'configmap', name, '-n', 'team-a'], { kubeconfig: cluster.adminKubeconfig });
    expect(created.code).toBe(0);
    const changedAt = Date.now();
    await seen;
    expect(Date.now() - changedAt).toBeLessThan(1000);
  });

  it('applies (client-side and server-side) and deletes', async () => {
    const name = `gw-applied-${version.replace('.', '-')}-${randomUUID().slice(0, 6)}`;
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: team-a\ndata:\n  k: v1\n`;
    const since = Date.now();
    const applied = await kc(['apply', '-f', '-'], opts({ stdin: manifest }));
    expect(applied.stdout.trim()).toBe(`configmap/${name} created`);
    const reapplied = await kc(['apply', '--server-side', '-f', '-'], opts({ stdin: manifest.replace('k: v1', 'k: v2') }));
    expect(reapplied.code, reapplied.stderr).toBe(0);
    expect(reapplied.stdout.trim()).toBe(`configmap/${name} serverside-applied`);
    const value = await kc(['get', 'configmap', name, '-n', 'team-a', '-o', 'jsonpath={.data.k}'], opts());
    expect(value.stdout).toBe('v2');
    const deleted = await kc(['delete', 'configmap', name, '-n', 'team-a'], opts());
    expect(deleted.stdout.trim()).toBe(`configmap "${name}" deleted`);
    await asAlice(since, (e) => e.verb === 'create' && e.objectRef?.name === name);
    await asAlice(since, (e) => e.verb === 'patch' && e.objectRef?.name === name);
    await asAlice(since, (e) => e.verb === 'delete' && e.objectRef?.name === name);
  });

  it('follows logs (logs -f)', async () => {
    const since = Date.now();
    const logs = spawnKept(['logs', '-f', '-n', 'team-a', 'web'], opts());
    const first = Number((await waitForLine(logs, /^tick (\d+)$/))[1]);
    const next = Number((await waitForLine(logs, /^tick (\d+)$/))[1]);
    expect(next).toBe(first + 1);
    await asAlice(since, (e) => e.objectRef?.subresource === 'log' && e.objectRef.name === 'web');
  });

  const execModes: { label: string; env: Record<string, string> }[] = [
    { label: 'SPDY', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } },
    ...(wsExec(version) ? [{ label: 'websocket', env: {} }] : []),
  ];
  for (const mode of execModes) {
    it(`execs over ${mode.label}: output, exit code, stdin round trip`, async () => {
      const since = Date.now();
      const r = await kc(['exec', '-n', 'team-a', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'], opts({ env: mode.env }));
      expect(r.stdout).toBe('out\n');
      expect(r.stderr).toContain('err\n');
      expect(r.code).toBe(7);
      const payload = `stdin ${randomUUID()}\nsecond line\n`;
      const echo = await kc(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], opts({ env: mode.env, stdin: payload }));
      expect(echo.stdout).toBe(payload);
      expect(echo.code).toBe(0);
      await asAlice(since, (e) => e.objectRef?.subresource === 'exec' && e.requestURI.includes('command=cat'));
    });
  }

  it('copies files both ways (kubectl cp)', async () => {
    const local = mkdtempSync(join(tmpdir(), 'gatehouse-gw-cp-'));
    const payload = `payload ${randomUUID()}\n`.repeat(1000);
    const remote = `gw-cp-${version}-${randomUUID().slice(0, 6)}.txt`;
    writeFileSync(join(local, 'up.txt'), payload);
    const since = Date.now();
    const up = await kc(['cp', 'up.txt', `team-a/web:${remote}`], opts({ cwd: local }));
    expect(up.code, up.stderr).toBe(0);
    const down = await kc(['cp', `team-a/web:${remote}`, 'down.txt'], opts({ cwd: local }));
    expect(down.code, down.stderr).toBe(0);
    expect(readFileSync(join(local, 'down.txt'), 'utf8')).toBe(payload);
    await asAlice(since, (e) => e.objectRef?.subresource === 'exec' && e.requestURI.includes('command=tar'));
  });

  const forwardModes: { label: string; env: Record<string, string> }[] = [
    { label: 'SPDY', env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } },
    ...(wsPortForward(version) ? [{ label: 'websocket tunnelling', env: {} }] : []),
  ];
  for (const mode of forwardModes) {
    it(`port-forwards HTTP over ${mode.label}`, async () => {
      const since = Date.now();
      const pf = spawnKept(['port-forward', '-n', 'team-a', 'pod/web', ':8080'], opts({ env: mode.env }));
      const port = (await waitForLine(pf, /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080$/))[1];
      const first = await fetch(`http://127.0.0.1:${port}/`);
      expect(await first.text()).toBe('hello from team-a/web\n');
      const big = await fetch(`http://127.0.0.1:${port}/bytes?n=1048576`);
      expect((await big.arrayBuffer()).byteLength).toBe(1048576);
      await asAlice(since, (e) => e.objectRef?.subresource === 'portforward' && e.objectRef.name === 'web');
    });
  }

  it('auth whoami shows the person and their groups', async ({ skip }) => {
    if (version === '1.27') skip('kubectl 1.27 asks for SelfSubjectReview v1beta1, removed from the 1.35 API server (it fails straight at the cluster too)');
    const since = Date.now();
    const r = await kc(['auth', 'whoami', '-o', 'json'], opts());
    expect(r.stderr).toBe('');
    const info = (JSON.parse(r.stdout) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
    expect(info.username).toBe(ALICE);
    expect(sorted(info.groups)).toEqual(ALICE_GROUPS);
    await asAlice(since, (e) => e.objectRef?.resource === 'selfsubjectreviews');
  });

  it('auth can-i follows the impersonated groups’ RBAC', async () => {
    const since = Date.now();
    const yes = await kc(['auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'team-a'], opts());
    expect(yes.stdout.trim()).toBe('yes');
    const no = await kc(['auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'payments'], opts());
    expect(no.stdout.trim()).toBe('no');
    expect(no.code).toBe(1);
    await asAlice(since, (e) => e.objectRef?.resource === 'selfsubjectaccessreviews');
  });
});

describe('the second resource, whose leased credential is a TLS client certificate', () => {
  it('impersonates alice on prod with the certificate identity', async () => {
    const since = Date.now();
    const r = await kc(['get', 'secrets', '-n', 'payments', '-o', 'name'], { kubeconfig: kubeconfigFor(replicaB, alice.idToken, 'prod') });
    expect(r.stdout.trim()).toBe('secret/app-credentials');
    await auditedAs(ALICE, ALICE_GROUPS, since, (e) => e.objectRef?.resource === 'secrets' && e.objectRef.namespace === 'payments', 'gatehouse-leased-cert');
  });
});

describe('exec recordings', () => {
  it('a websocket exec session is recorded in the configured directory, naming the person', async () => {
    const input = `recorded-${randomUUID()}\n`;
    const r = await kc(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { kubeconfig: kubeconfigFor(replicaB, alice.idToken), stdin: input });
    expect(r.stdout).toBe(input);
    const escaped = JSON.stringify(input);
    const cast = await waitForFileIn(join(config.dir, 'recordings'), (text) => text.includes(`"i",${escaped}`) && text.includes(`"o",${escaped}`));
    const [header] = cast.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(JSON.stringify(header)).toContain(ALICE);
  });
});

describe('refusals: nothing reaches the cluster, as anybody', () => {
  const path = (marker: string, resource = 'staging'): string => `/k8s/${resource}/api/v1/namespaces/team-a/configmaps/${marker}`;

  it('401 with WWW-Authenticate for missing, garbage, forged and misused tokens', async () => {
    const es256 = remember(await signIn(idp.info, ALICE, { clientId: idp.info.es256ClientId }));
    const unverified = remember(await signIn(idp.info, 'unverified-bob'));
    const t = alice.idToken;
    const now = nowSeconds();
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['garbage', 'garbage'],
      ['three garbage segments', 'a.b.c'],
      ['alg none', unsigned(t, 'none')],
      ['alg None', unsigned(t, 'None')],
      ['re-signed by another key under the provider’s kid', await resignedByOtherKey(idp.info, t)],
      ['tampered payload (made into dave’s)', tampered(t, { email: 'dave@example.com' })],
      ['HS256 with the public key (PEM) as secret', hs256WithPublicKey(idp.info, t, 'pem')],
      ['HS256 with the public key (JWK) as secret', hs256WithPublicKey(idp.info, t, 'jwk')],
      ['wrong audience (forged)', await resignedByProvider(idp.info, t, { aud: 'kubernetes' })],
      ['wrong audience (the provider’s real token for another client)', es256.idToken],
      ['wrong issuer', await resignedByProvider(idp.info, t, { iss: 'https://evil.example' })],
      ['expired', await resignedByProvider(idp.info, t, { iat: now - 3600, exp: now - 120 })],
      ['not yet valid', await resignedByProvider(idp.info, t, { nbf: now + 600, exp: now + 1200 })],
      ['refresh token as bearer', alice.refreshToken],
      ['access token as bearer', alice.accessToken],
      ['unverified email (an account claiming bob@example.com)', unverified.idToken],
    ];
    const markers: string[] = [];
    for (const [label, token] of cases) {
      // (Short made-up strings like "garbage" are no secret, and they are in the markers.)
      if (token && token.length >= 40) tokensUsed.add(token);
      const marker = `refused-${label.replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}`;
      markers.push(marker);
      const r = await raw(replicaA, path(marker), token);
      try {
        expectUnauthorized(r, token);
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
      }
    }
    // Another scheme than Bearer is no token either.
    const basic = `basic-${randomUUID()}`;
    markers.push(basic);
    expectUnauthorized(await raw(replicaB, path(basic), undefined, { authorization: `Basic ${Buffer.from(`${ALICE}:pw`).toString('base64')}` }), undefined);
    await neverReachedCluster(markers);
  });

  it('kubectl with an expired token: "You must be logged in to the server"', async () => {
    const expired = await resignedByProvider(idp.info, alice.idToken, { iat: nowSeconds() - 3600, exp: nowSeconds() - 120 });
    tokensUsed.add(expired);
    const marker = `kubectl-expired-${randomUUID()}`;
    const r = await kc(['get', 'configmap', marker, '-n', 'team-a'], { kubeconfig: kubeconfigFor(replicaB, expired) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: You must be logged in to the server');
    await neverReachedCluster([marker]);
  });

  it('403: a valid person not in the org (named), and a person on a resource not assigned to them (person and resource named)', async () => {
    const zed = remember(await signIn(idp.info, 'zed@example.com'));
    const zedMarker = `zed-${randomUUID()}`;
    const z = await raw(replicaA, path(zedMarker), zed.idToken);
    expect(z.status, z.body).toBe(403);
    const zs = statusOf(z);
    expect(zs.reason).toBe('Forbidden');
    // Not in the org at all: the refusal names the person (no resource is theirs).
    expect(zs.message).toContain('zed@example.com');

    // bob's token is good: on staging, his resource, he reaches the cluster as himself.
    const since = Date.now();
    const own = `bob-staging-${randomUUID()}`;
    expect((await raw(replicaB, `/k8s/staging/api/v1/namespaces/team-b/configmaps/${own}`, bob.idToken)).status).toBe(404);
    await auditedAs(BOB, BOB_GROUPS, since, (e) => e.requestURI.includes(own));

    const bobMarker = `bob-prod-${randomUUID()}`;
    const b = await raw(replicaB, `/k8s/prod/api/v1/namespaces/payments/secrets/${bobMarker}`, bob.idToken);
    expect(b.status, b.body).toBe(403);
    const bs = statusOf(b);
    expect(bs.message).toContain(BOB);
    expect(bs.message).toContain('prod');

    // kubectl shows the gateway's message (after discovery, which it fetches first).
    const kubectlMarker = `bob-prod-kubectl-${randomUUID()}`;
    const k = await kc(['get', 'secret', kubectlMarker, '-n', 'payments'], { kubeconfig: kubeconfigFor(replicaA, bob.idToken, 'prod') });
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(/Forbidden|forbidden/);
    await neverReachedCluster([zedMarker, bobMarker, kubectlMarker]);
  });

  it('path tricks toward another resource are refused (bob has staging, not prod)', async () => {
    const tricks = [
      '/k8s/staging/../prod/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging/%2e%2e/prod/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging/..%2fprod/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging%2F..%2Fprod/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging%2f..%2fprod/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging%252F..%252Fprod/api/v1/namespaces/payments/secrets/M',
      '/k8s//prod/api/v1/namespaces/payments/secrets/M',
      '/k8s/./prod/api/v1/namespaces/payments/secrets/M',
      '/k8s/prod%00/api/v1/namespaces/payments/secrets/M',
      '/k8s/prod%2F/api/v1/namespaces/payments/secrets/M',
      '/k8s/%70rod/api/v1/namespaces/payments/secrets/M',
      '/k8s/PROD/api/v1/namespaces/payments/secrets/M',
      '/k8s/Prod/api/v1/namespaces/payments/secrets/M',
      '/K8S/prod/api/v1/namespaces/payments/secrets/M',
      '/k8s/prod;/api/v1/namespaces/payments/secrets/M',
      '/k8s/staging/api/../../prod/api/v1/namespaces/payments/secrets/M',
    ];
    const markers: string[] = [];
    const codes: Record<string, number> = {};
    for (const trick of tricks) {
      const marker = `trick-${randomUUID()}`;
      markers.push(marker);
      const r = await raw(replicaA, trick.replace(/M$/, marker), bob.idToken);
      codes[trick] = r.status;
      expect([400, 403, 404], `${trick}: ${r.status} ${r.body}`).toContain(r.status);
      statusOf(r);
    }
    // The resource segment is matched exactly: case and NUL variants of one alice has are no
    // aliases either.
    for (const trick of ['/k8s/Staging/api/v1/namespaces/team-a/configmaps/M', '/k8s/staging%00/api/v1/namespaces/team-a/configmaps/M', '/k8s/staging%20/api/v1/namespaces/team-a/configmaps/M']) {
      const marker = `exact-${randomUUID()}`;
      markers.push(marker);
      const r = await raw(replicaB, trick.replace(/M$/, marker), alice.idToken);
      codes[trick] = r.status;
      expect([400, 403, 404], `${trick}: ${r.status} ${r.body}`).toContain(r.status);
    }
    process.stdout.write(`gateway path tricks answered: ${JSON.stringify(codes)}\n`);
    await neverReachedCluster(markers);
  });

  it('client Impersonate-* headers are refused with 403 (kubectl --as and raw headers)', async () => {
    const markers: string[] = [];
    const asMarker = `as-${randomUUID()}`;
    markers.push(asMarker);
    const r = await kc(['--as=dave@example.com', 'get', 'configmap', asMarker, '-n', 'team-a'], { kubeconfig: kubeconfigFor(replicaA, alice.idToken) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden)');
    expect(r.stderr).toMatch(/impersonate-user/i);
    for (const header of ['impersonate-user', 'impersonate-group', 'impersonate-uid', 'impersonate-extra-scopes', 'Impersonate-Group']) {
      const marker = `hdr-${header}-${randomUUID().slice(0, 8)}`;
      markers.push(marker);
      const res = await raw(replicaB, path(marker), alice.idToken, { [header]: header.toLowerCase() === 'impersonate-user' ? 'dave@example.com' : 'system:masters' });
      expect(res.status, `${header}: ${res.body}`).toBe(403);
      expect(statusOf(res).message.toLowerCase()).toContain(header.toLowerCase());
    }
    await neverReachedCluster(markers);
  });
});

describe(`${PEOPLE} people at once`, () => {
  it('never see each other’s identity (their own whoami; each marker audited as its person)', async () => {
    const people = generatedAccounts(PEOPLE);
    // Real sign-ins at the provider, a few at a time (each is ~10 HTTPS round trips).
    const tokens: TokenSet[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < people.length) {
          const i = next++;
          tokens[i] = remember(await signIn(idp.info, people[i]!.login, { scopes: ['openid', 'email', 'profile', 'groups'] }));
        }
      }),
    );
    expect(new Set(tokens.map((t) => t.idToken)).size).toBe(PEOPLE);

    const since = Date.now();
    const markers = people.map((p, i) => `crowd-${i}-${randomUUID().slice(0, 8)}`);
    const results = await Promise.all(
      people.map(async (person, i) => {
        const replica = i % 2 === 0 ? replicaA : replicaB;
        const token = tokens[i]!.idToken;
        const [whoami, get] = await Promise.all([
          raw(replica, '/k8s/staging/apis/authentication.k8s.io/v1/selfsubjectreviews', token, { 'content-type': 'application/json' }, 'POST', JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' })),
          raw(replica, `/k8s/staging/api/v1/namespaces/team-a/configmaps/${markers[i]}`, token),
        ]);
        return { person: person.email, whoami, get };
      }),
    );
    for (const [i, { person, whoami, get }] of results.entries()) {
      expect(whoami.status, whoami.body).toBe(201);
      const info = (JSON.parse(whoami.body) as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
      expect(info.username).toBe(person);
      expect(sorted(info.groups)).toEqual(PERSON_GROUPS);
      // The cluster answered this person's own request: its NotFound names their marker.
      expect(get.status, get.body).toBe(404);
      expect((JSON.parse(get.body) as Status).details?.name).toBe(markers[i]);
    }
    for (const [i, marker] of markers.entries()) {
      const event = await audit.waitFor((e) => e.requestURI.includes(marker));
      expect(event.user.username).toBe(LEASED);
      expect(event.impersonatedUser?.username, marker).toBe(people[i]!.email);
      expect(sorted(event.impersonatedUser?.groups)).toEqual(PERSON_GROUPS);
      expect(audit.events.filter((e) => e.requestURI.includes(marker))).toHaveLength(1);
      expect(Date.parse(event.requestReceivedTimestamp)).toBeGreaterThanOrEqual(since - 1000);
    }
    // And each replica's own audit line for a marker names the same person.
    for (const [i, marker] of markers.entries()) {
      const replica = i % 2 === 0 ? replicaA : replicaB;
      expect((await gatewayLine(replica, marker)).person, marker).toBe(people[i]!.email);
    }
  });
});

describe('a replica dies', () => {
  it('SIGKILL of replica A mid-run: the watch and the exec open on replica B go on', async () => {
    const kubeconfigB = kubeconfigFor(replicaB, alice.idToken);
    const since = Date.now();
    const watch = spawnKept(['get', 'configmaps', '-n', 'team-a', '--watch-only', '-o', 'name'], { kubeconfig: kubeconfigB });
    const exec = spawnKept(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { kubeconfig: kubeconfigB });
    const watchOnA = spawnKept(['get', 'configmaps', '-n', 'team-a', '--watch-only', '-o', 'name'], { kubeconfig: kubeconfigFor(replicaA, alice.idToken) });
    await auditedAs(ALICE, ALICE_GROUPS, since, (e) => e.verb === 'watch' && e.objectRef?.resource === 'configmaps');
    const before = `before-${randomUUID()}`;
    exec.stdin.write(`${before}\n`);
    await waitForLine(exec, new RegExp(`^${before}$`));

    expect(await replicaA.kill()).toBe('SIGKILL');
    await expect(raw(replicaA, '/healthz')).rejects.toThrow(/ECONNREFUSED/);

    const after = `after-${randomUUID()}`;
    exec.stdin.write(`${after}\n`);
    await waitForLine(exec, new RegExp(`^${after}$`));
    const name = `gw-survivor-${randomUUID().slice(0, 8)}`;
    const seen = waitForLine(watch, new RegExp(`^configmap/${name}$`));
    expect((await kubectl(['create', 'configmap', name, '-n', 'team-a'], { kubeconfig: cluster.adminKubeconfig })).code).toBe(0);
    const changedAt = Date.now();
    await seen;
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect(watch.exitCode).toBeNull();
    expect(exec.exitCode).toBeNull();
    // New requests to B work as before.
    const r = await kc(['get', 'pod', 'web', '-n', 'team-a', '-o', 'name'], { kubeconfig: kubeconfigB });
    expect(r.stdout.trim()).toBe('pod/web');
    // The client of A lost its connection: its watch has ended.
    await new Promise((resolve) => (watchOnA.exitCode !== null || watchOnA.signalCode !== null ? resolve(null) : watchOnA.on('close', resolve)));

    exec.stdin.end();
    await new Promise((resolve) => exec.on('close', resolve));
    expect(exec.exitCode).toBe(0);
  });

  it('SIGTERM of replica B: its open watch ends, it exits 0', async () => {
    const watch = spawnKept(['get', 'configmaps', '-n', 'team-a', '--watch-only', '-o', 'name'], { kubeconfig: kubeconfigFor(replicaB, alice.idToken) });
    const since = Date.now();
    await auditedAs(ALICE, ALICE_GROUPS, since, (e) => e.verb === 'watch' && e.objectRef?.resource === 'configmaps');
    const watchEnded = new Promise((resolve) => watch.on('close', resolve));
    const code = replicaB.stop();
    expect(await code).toBe(0);
    await watchEnded;
  });
});

describe('no token in any output', () => {
  it('neither gateway’s stdout/stderr nor any kubectl output holds an ID, access or refresh token (or a token’s signature)', () => {
    const outputs: [string, string][] = [
      ...[replicaA, replicaB].flatMap((r): [string, string][] => [
        [`${r.name} stdout`, r.stdout()],
        [`${r.name} stderr`, r.stderr()],
      ]),
      ['kubectl', kubectlOutput.join('')],
      ...(existsSync(join(config.dir, 'recordings')) ? readdirSync(join(config.dir, 'recordings')) : []).map((f): [string, string] => [`recording ${f}`, readFileSync(join(config.dir, 'recordings', f), 'utf8')]),
    ];
    expect(tokensUsed.size).toBeGreaterThan(PEOPLE);
    for (const [where, text] of outputs) {
      for (const token of tokensUsed) {
        const parts = [token, ...jwtParts(token).slice(2).filter((p) => p.length >= 16)];
        for (const part of parts) if (text.includes(part)) throw new Error(`${where} contains a token (${part.slice(0, 6)}…)`);
      }
    }
    // stdout is the audit (the container convention): the listening line, then JSON lines only.
    for (const r of [replicaA, replicaB]) {
      const [first, ...rest] = r.stdout().trimEnd().split('\n');
      expect(first).toBe(`gateway listening ${r.url}`);
      expect(rest.filter((l) => !l.startsWith('{')), `${r.name} stdout`).toEqual([]);
      // Nothing above (forgeries, path tricks, a crowd, a killed peer) made it print a stack trace.
      expect(r.stderr(), `${r.name} stderr`).not.toMatch(/^\s+at /m);
    }
    // The audit lines were there to look at.
    expect(replicaA.auditLines().length).toBeGreaterThan(PEOPLE / 2);
  });
});
