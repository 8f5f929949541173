// Gateway mode with ID tokens that live seconds (SPEC §10, issue 12 "Refresh" and "Gateway down
// and back"), end to end: the real `gatehouse` CLI and agent, a real gateway process whose
// `oidc.clientId` is the test provider's short-lived client (its ID tokens live 8 s, so the
// desktop signs in with it), the real cluster and real kubectl.
// - Through the agent's loopback listener: a watch and an interactive exec opened before the ID
//   token expires keep working after it has; eight kubectl processes right after expiry all
//   succeed, and the provider answered exactly one refresh for them.
// - `--direct` contexts: kubectl 1.27 and 1.33 run `gatehouse credential` again after expiry and
//   get a renewed token; several at once renew once (the lock across processes).
// - The gateway stops: kubectl gets the 503 naming it and the session says unreachable; started
//   again on the same port, the next kubectl works with nobody doing anything.
// - The provider revokes the sign-in: the agent says session-expired, the ports stay and answer
//   401 naming `gatehouse login`; after `gatehouse login` the same ports work again.
// Refreshes are counted in the provider's own event log (e2e/support/oidc/events.ts), per grant.
// The only sleeps wait for a token to expire, computed from the expiry saved in app data.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { ApiEvent, ApiChannel, ApiRequest, ApiResponse, ResourceStatus } from '../../shared/api';
import { ControlClient } from '../../app/transports/control-client';
import { auditLog } from '../support/audit';
import { demoOrgCopy, runGatehouse } from '../support/gatehouse-cli';
import {
  gatewayRequest,
  startGateway,
  writeGatewayConfig,
  type GatewayConfig,
  type GatewayReplica,
  type GatewayResponse,
} from '../support/gateway';
import { kubectl, spawnKubectl, waitForLine, type KubectlVersion } from '../support/kubectl';
import {
  deviceLogin,
  savedSignIn,
  secretsOf,
  stopBackgroundAgent,
  untilTokenExpired,
  untilTokenHasLeft,
} from '../support/desktop-session';
import { accountByLogin, TEST_ACCOUNTS } from '../support/oidc/accounts';
import { readProviderEvents, refreshesOf, refusalsOf } from '../support/oidc/events';
import { revokeAtProvider } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const ALICE = 'alice@example.com';
const ALICE_SUB = accountByLogin(ALICE, TEST_ACCOUNTS)?.sub ?? '';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The provider as the gateway trusts it: its short-lived client (8 s ID tokens). */
const shortIdp = { ...idp, clientId: idp.shortLivedClientId };

let workdir: string;
let config: GatewayConfig;
let gateway: GatewayReplica;
const gateways: GatewayReplica[] = [];
let caBundle: string;
/** Alice's app data with the background agent (loopback listeners). */
let home: string;
/** Alice's app data with no agent: `--direct` kubectl runs `gatehouse credential` in its own process. */
let directHome: string;
/** The provider's grant (events.ts tag) of each home's sign-in: whose refreshes are counted. */
const grants: Record<'agent' | 'direct', string> = { agent: '', direct: '' };
let loopbackKubeconfig: string;
let directKubeconfig: string;
let agent: ControlClient;
const agentEvents: ApiEvent[] = [];
const eventWaiters = new Set<() => void>();
let portsAtStart: Record<string, number | null>;
const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];
/** Every secret any sign-in here held, to prove none reached the provider's event log. */
const secretsSeen = new Set<string>();
const testLabel = `gatehouse-refresh-${randomUUID().slice(0, 8)}`;

function noteSecrets(dir: string): void {
  for (const secret of secretsOf(dir)) secretsSeen.add(secret);
}

async function call<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
  const result = await agent.call(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The first event the agent sent (already or still to come) that matches. */
function agentEvent<T extends ApiEvent>(match: (e: ApiEvent) => e is T, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const found = agentEvents.find(match);
      if (!found) return;
      eventWaiters.delete(check);
      clearTimeout(timer);
      resolve(found);
    };
    const timer = setTimeout(() => {
      eventWaiters.delete(check);
      reject(
        new Error(
          `no matching event from the agent within ${timeoutMs} ms; got ${agentEvents.map((e) => e.type).join(', ')}`,
        ),
      );
    }, timeoutMs);
    eventWaiters.add(check);
    check();
  });
}

/** The grant of the device sign-in the provider answered for alice at the short-lived client since `since`. */
function signInGrant(since: number): string {
  const signIns = readProviderEvents(idp).filter(
    (e) =>
      e.event === 'grant.success' &&
      e.grantType === DEVICE_GRANT &&
      e.clientId === idp.shortLivedClientId &&
      e.sub === ALICE_SUB &&
      Date.parse(e.at) >= since,
  );
  const grant = signIns.at(-1);
  if (!grant || grant.event !== 'grant.success' || !grant.grant)
    throw new Error(
      `the test provider logged no device sign-in of ${ALICE} since ${new Date(since).toISOString()} in ${idp.dir}/events.jsonl (a provider started before it had an event log? restart it)`,
    );
  return grant.grant;
}

async function signInAlice(dir: string): Promise<string> {
  const since = Date.now();
  await deviceLogin({ home: dir, gateway: gateway.url, caFile: caBundle, idp, login: ALICE });
  noteSecrets(dir);
  return signInGrant(since);
}

function portsOf(resources: ResourceStatus[]): Record<string, number | null> {
  return Object.fromEntries(resources.map((r) => [r.name, r.port]));
}

/** `kubectl get pods` in team-a with a label selector that matches every pod and names this call in the cluster's audit log. */
function markedGet(marker: string): string[] {
  return ['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name', '-l', `${testLabel}-burst!=${marker}`];
}

async function reachedClusterAsAlice(marker: string, since: number): Promise<void> {
  await audit.waitFor(
    (e) =>
      e.impersonatedUser?.username === ALICE &&
      e.verb === 'list' &&
      e.requestURI.includes(marker) &&
      Date.parse(e.requestReceivedTimestamp) >= since - 1000,
    20_000,
  );
}

/** A raw request to the staging listener as kubectl sends it (local CA pinned, local token), from the kubeconfig update-config wrote. */
async function toStagingListener(path: string): Promise<GatewayResponse> {
  const kubeconfig = parse(readFileSync(loopbackKubeconfig, 'utf8')) as {
    contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
    clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ name: string; user: { token: string } }>;
  };
  const context = kubeconfig.contexts.find((c) => c.name === 'staging')?.context;
  const listener = kubeconfig.clusters.find((c) => c.name === context?.cluster)?.cluster;
  const user = kubeconfig.users.find((u) => u.name === context?.user)?.user;
  if (!listener || !user) throw new Error(`${loopbackKubeconfig}: no staging context`);
  const caPem = Buffer.from(listener['certificate-authority-data'], 'base64').toString();
  return gatewayRequest(listener.server, caPem, { path, token: user.token });
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-refresh-'));
  const org = demoOrgCopy(cluster.dir, workdir);
  // No clock skew allowed: a request after expiry that succeeds was sent with a renewed token.
  config = writeGatewayConfig({
    dir: join(workdir, 'gateway'),
    org,
    oidc: shortIdp,
    extra: {
      oidc: {
        issuer: idp.issuer,
        clientId: idp.shortLivedClientId,
        caFile: idp.caFile,
        usernameClaim: 'email',
        groupsClaim: 'groups',
        clockSkewSeconds: 0,
      },
    },
  });
  gateway = await startGateway(config, { name: 'refresh-gw' });
  gateways.push(gateway);
  caBundle = join(workdir, 'ca-bundle.pem');
  writeFileSync(caBundle, `${config.caPem}${readFileSync(idp.caFile, 'utf8')}`);
  home = mkdtempSync(join(tmpdir(), 'gatehouse-refresh-home-'));
  directHome = mkdtempSync(join(tmpdir(), 'gatehouse-refresh-direct-'));
  // One after the other, so each home's grant is told apart in the provider's log.
  grants.agent = await signInAlice(home);
  grants.direct = await signInAlice(directHome);

  // `connect --all` starts the background agent, which restores the sign-in from app data.
  const connect = await runGatehouse(['connect', '--all'], home);
  expect(connect.code, connect.stderr).toBe(0);
  loopbackKubeconfig = join(workdir, 'loopback.kubeconfig');
  const update = await runGatehouse(['k8s', 'update-config', '--kubeconfig', loopbackKubeconfig], home);
  expect(update.code, update.stderr).toBe(0);
  directKubeconfig = join(workdir, 'direct.kubeconfig');
  const direct = await runGatehouse(['k8s', 'update-config', '--direct', '--kubeconfig', directKubeconfig], directHome);
  expect(direct.code, direct.stderr).toBe(0);

  agent = await ControlClient.connect(join(home, 'agent.sock'));
  agent.onEvent((e) => {
    agentEvents.push(e);
    for (const wake of [...eventWaiters]) wake();
  });
  const { resources } = await call('resources.list', undefined);
  expect(
    resources
      .filter((r) => r.state === 'connected')
      .map((r) => r.name)
      .sort(),
  ).toEqual(['prod', 'staging']);
  portsAtStart = portsOf(resources);
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  agent?.close();
  await stopBackgroundAgent(home);
  await Promise.all(gateways.map((g) => g.stop()));
  await kubectl(['label', 'pod', 'web', '-n', 'team-a', `${testLabel}-`], { kubeconfig: cluster.adminKubeconfig });
});

describe('through the agent’s loopback listener', () => {
  it('a watch and an interactive exec opened before the ID token expires keep working after it expired', async () => {
    const opts = { kubeconfig: loopbackKubeconfig };
    const watch = spawnKubectl(
      [
        '--context',
        'staging',
        'get',
        'pods',
        '-n',
        'team-a',
        '-w',
        '-o',
        `jsonpath={.metadata.name}{" "}{.metadata.labels.${testLabel}}{"\\n"}`,
      ],
      opts,
    );
    children.push(watch);
    await waitForLine(watch, /^web $/);
    const exec = spawnKubectl(['--context', 'staging', 'exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], opts);
    children.push(exec);
    const before = `before ${randomUUID()}`;
    exec.stdin.write(`${before}\n`);
    await waitForLine(exec, new RegExp(`^${before}$`));

    // Both streams were opened with a token that has now expired (the expiry saved after they
    // opened is at least theirs).
    const expiredAt = await untilTokenExpired(home);
    expect(Date.now()).toBeGreaterThan(expiredAt);

    const after = `after ${randomUUID()}`;
    exec.stdin.write(`${after}\n`);
    await waitForLine(exec, new RegExp(`^${after}$`));
    const value = randomUUID().slice(0, 8);
    const label = await kubectl(['label', 'pod', 'web', '-n', 'team-a', '--overwrite', `${testLabel}=${value}`], {
      kubeconfig: cluster.adminKubeconfig,
    });
    expect(label.code, label.stderr).toBe(0);
    await waitForLine(watch, new RegExp(`^web ${value}$`));
    exec.stdin.end();
    expect(await new Promise((resolve) => exec.on('close', resolve))).toBe(0);
    watch.kill('SIGTERM');
  }, 60_000);

  it('eight kubectl processes right after expiry all succeed, and the agent refreshed exactly once for them', async () => {
    await untilTokenExpired(home);
    const expiredToken = savedSignIn(home).idToken;
    const since = Date.now();
    const markers = Array.from({ length: 8 }, () => randomUUID());
    const results = await Promise.all(markers.map((m) => kubectl(markedGet(m), { kubeconfig: loopbackKubeconfig })));
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')).toContain('pod/web');
    }
    expect(refreshesOf(idp, grants.agent, since)).toHaveLength(1);
    // The renewed token is the one saved, and it is good for a while again.
    const renewed = savedSignIn(home);
    expect(renewed.idToken).not.toBe(expiredToken);
    expect(renewed.idTokenExpiresAt).toBeGreaterThan(since);
    noteSecrets(home);
    for (const m of markers) await reachedClusterAsAlice(m, since);
    // The session shown follows the renewal (its expiry, never the token).
    const { gateway: shown } = await call('session.get', undefined);
    expect(shown).toMatchObject({ state: 'signed-in', reachable: true });
    expect(Date.parse(shown?.tokenExpiresAt ?? '')).toBeGreaterThan(since);
  }, 60_000);

  it('a request in the last quarter of the token’s life renews it before it expires (that renewed token too)', async () => {
    // The token the eight requests' renewal produced: due 2 s before its end (refresh-margin.ts).
    const expiresAt = await untilTokenHasLeft(home, 1500);
    const since = Date.now();
    const r = await kubectl(markedGet(randomUUID()), { kubeconfig: loopbackKubeconfig });
    expect(r.code, r.stderr).toBe(0);
    const renewals = refreshesOf(idp, grants.agent, since);
    expect(renewals.length).toBeGreaterThanOrEqual(1);
    expect(Date.parse(renewals[0]?.at ?? '')).toBeLessThan(expiresAt);
    expect(savedSignIn(home).idTokenExpiresAt).toBeGreaterThan(expiresAt);
    noteSecrets(home);
  }, 30_000);
});

describe('--direct contexts: kubectl runs gatehouse credential', () => {
  it('after expiry kubectl 1.27 and 1.33 get a renewed token; four processes at once renew once (the lock across processes)', async () => {
    await untilTokenExpired(directHome);
    const expiredToken = savedSignIn(directHome).idToken;
    const since = Date.now();
    const versions: KubectlVersion[] = ['1.27', '1.33', '1.27', '1.33'];
    const markers = versions.map(() => randomUUID());
    const results = await Promise.all(
      versions.map((version, i) => kubectl(markedGet(markers[i] ?? ''), { version, kubeconfig: directKubeconfig })),
    );
    results.forEach((r, i) => {
      expect(r.code, `kubectl ${versions[i]}: ${r.stderr}`).toBe(0);
      expect(r.stdout.split('\n')).toContain('pod/web');
    });
    expect(refreshesOf(idp, grants.direct, since)).toHaveLength(1);
    const renewed = savedSignIn(directHome);
    expect(renewed.idToken).not.toBe(expiredToken);
    expect(renewed.idTokenExpiresAt).toBeGreaterThan(since);
    noteSecrets(directHome);
    for (const m of markers) await reachedClusterAsAlice(m, since);
    // Nothing of it ran in an agent: each kubectl ran the plugin in a process of its own.
    await expect(ControlClient.connect(join(directHome, 'agent.sock'))).rejects.toThrow();
  }, 90_000);
});

describe('the gateway goes away and comes back', () => {
  it('stopped: kubectl gets the 503 naming the gateway and the session says unreachable; started again on the same port: the next kubectl works, reachable again', async () => {
    const { port, url } = gateway;
    const opts = { kubeconfig: loopbackKubeconfig };
    expect(await gateway.stop()).toBe(0);

    const down = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name'], opts);
    expect(down.code).toBe(1);
    const unreachable = `cannot reach the gateway ${url} for resource "staging"`;
    expect(down.stderr).toContain('ServiceUnavailable');
    expect(down.stderr).toContain(unreachable);
    const { gateway: whileDown } = await call('session.get', undefined);
    expect(whileDown).toMatchObject({ state: 'signed-in', reachable: false, reachError: expect.stringContaining(url) });
    const status = await runGatehouse(['status'], home);
    expect(status.stdout).toContain(`gateway ${url} (unreachable: `);

    // The same config on the same port (a restarted pod behind the same address).
    const samePort = join(config.dir, 'config-same-port.yaml');
    writeFileSync(samePort, readFileSync(config.file, 'utf8').replace(/^listen: .*$/m, `listen: 127.0.0.1:${port}`));
    gateway = await startGateway({ ...config, file: samePort }, { name: 'refresh-gw-again' });
    gateways.push(gateway);
    expect(gateway.port).toBe(port);

    const since = Date.now();
    const marker = randomUUID();
    const back = await kubectl(markedGet(marker), opts);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout.split('\n')).toContain('pod/web');
    await reachedClusterAsAlice(marker, since);
    const { gateway: afterwards } = await call('session.get', undefined);
    expect(afterwards).toMatchObject({ state: 'signed-in', reachable: true, reachError: null });
    // Subscribers were told both ways.
    const reachability = agentEvents.flatMap((e) =>
      e.type === 'session' && e.session.gateway ? [e.session.gateway.reachable] : [],
    );
    expect(reachability).toContain(false);
    expect(reachability.at(-1)).toBe(true);
    // The listener was never rebuilt: the same port throughout.
    expect(portsOf((await call('resources.list', undefined)).resources)).toEqual(portsAtStart);
  }, 60_000);
});

describe('the whole session expires', () => {
  it('the provider revokes the sign-in: session-expired, state expired, the ports stay and kubectl gets 401 naming gatehouse login', async () => {
    const saved = savedSignIn(home);
    expect(saved.refreshToken).not.toBeNull();
    await revokeAtProvider(idp, saved.refreshToken ?? '', { clientId: idp.shortLivedClientId });
    const since = Date.now();
    expect(readProviderEvents(idp)).toContainEqual(
      expect.objectContaining({ event: 'grant.revoked', grant: grants.agent }),
    );

    // Once the token has expired, the next request needs a renewal, and that is refused.
    await untilTokenExpired(home);
    const r = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a'], {
      kubeconfig: loopbackKubeconfig,
    });
    expect(r.code).not.toBe(0);
    // kubectl's words for a 401, with the listener's Status message.
    expect(r.stderr).toContain('You must be logged in to the server');
    expect(r.stderr).toContain(`signed out of ${gateway.url}: run "gatehouse login"`);
    const raw = await toStagingListener('/api/v1/namespaces/team-a/pods');
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.body)).toMatchObject({
      kind: 'Status',
      code: 401,
      reason: 'Unauthorized',
      message: expect.stringContaining('gatehouse login'),
    });
    const expired = await agentEvent(
      (e): e is Extract<ApiEvent, { type: 'session-expired' }> => e.type === 'session-expired',
    );
    expect(expired.gateway).toBe(gateway.url);
    // The provider refused the refresh token the agent presented (the newest it saved: a renewal
    // may have rotated the one revoked) once: a dead session asks no more, whatever kubectl does.
    const presented = savedSignIn(home).refreshToken ?? '';
    const refused = refusalsOf(idp, presented);
    expect(refused).toEqual([
      expect.objectContaining({ grantType: 'refresh_token', clientId: idp.shortLivedClientId, error: 'invalid_grant' }),
    ]);
    const again = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a'], {
      kubeconfig: loopbackKubeconfig,
    });
    expect(again.stderr).toContain('gatehouse login');
    expect((await toStagingListener('/api/v1/namespaces/team-a/pods')).status).toBe(401);
    expect(refusalsOf(idp, presented)).toHaveLength(1);
    expect(refreshesOf(idp, grants.agent, since)).toEqual([]);
    expect(savedSignIn(home).expired).toEqual(expect.any(String));

    const { gateway: shown } = await call('session.get', undefined);
    expect(shown?.state).toBe('expired');
    const { resources } = await call('resources.list', undefined);
    expect(portsOf(resources)).toEqual(portsAtStart);
    expect(resources.map((x) => x.state)).toEqual(resources.map(() => 'connected'));
    for (const secret of secretsOf(home)) expect(`${expired.reason}${r.stderr}`).not.toContain(secret);
  }, 60_000);

  it('after gatehouse login again, the same ports work again', async () => {
    grants.agent = await signInAlice(home);
    const { gateway: shown } = await call('session.get', undefined);
    expect(shown?.state).toBe('signed-in');
    // Nobody connects anything again: what was connected still is, on the same ports.
    const { resources } = await call('resources.list', undefined);
    expect(resources.map((x) => [x.name, x.state, x.port])).toEqual(
      resources.map((x) => [x.name, 'connected', portsAtStart[x.name]]),
    );
    const since = Date.now();
    const marker = randomUUID();
    const r = await kubectl(markedGet(marker), { kubeconfig: loopbackKubeconfig });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('pod/web');
    await reachedClusterAsAlice(marker, since);
    expect(portsOf((await call('resources.list', undefined)).resources)).toEqual(portsAtStart);
  }, 90_000);
});

describe('no token in the provider’s event log', () => {
  it('none of the ID or refresh tokens any sign-in here held appears in events.jsonl', () => {
    const log = readFileSync(join(idp.dir, 'events.jsonl'), 'utf8');
    expect(log).toContain(grants.agent);
    expect(secretsSeen.size).toBeGreaterThan(4);
    for (const secret of secretsSeen) expect(log).not.toContain(secret);
  });
});
