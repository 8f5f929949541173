// The desktop's loopback listener in gateway mode (SPEC §10, issue 12 part 4) against the real
// chain: real kubectl → the loopback listener (ImpersonatingProxy with GatewayForwardingAdmission,
// in this process, TLS from a local CA as on a desktop) → a real `gatehouse gateway` process →
// the real test cluster, as a person signed in at the real test OpenID provider. Every operation
// is checked by its output and by the cluster's own audit log (the gateway's leased identity
// impersonating the person), joined to the gateway's audit line by Audit-Id. Refusals are checked
// by what kubectl prints and by absence: each refused request carries a marker, and after a later
// request that did reach the gateway, no gateway audit line has the marker. The gateway is then
// stopped (503 naming it) and started again on the same port (the next kubectl just works, the
// listener untouched). No token appears in any log, recording or output.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RequestRecord } from '../../shared/activity';
import { GatehouseError } from '../../shared/errors';
import { JsonlLog } from '../../app/domain/audit/jsonl-log';
import { GatewayForwardingAdmission } from '../../app/domain/proxy/gateway-forwarding-admission';
import { ensureLocalTls, type LocalTls } from '../../app/domain/proxy/local-tls';
import { newLocalToken } from '../../app/domain/proxy/local-auth';
import { ImpersonatingProxy } from '../../app/domain/proxy/server';
import { AsciicastRecorder } from '../../app/domain/proxy/session-recorder';
import { auditLog, type AuditEvent } from '../support/audit';
import { waitForFileIn } from '../support/file-lines';
import { demoOrgCopy } from '../support/gatehouse-cli';
import {
  gatewayRequest,
  startGateway,
  writeGatewayConfig,
  type AuditLine,
  type GatewayConfig,
  type GatewayReplica,
  type GatewayResponse,
} from '../support/gateway';
import {
  kubectl,
  spawnKubectl,
  waitForLine,
  type KubectlOptions,
  type KubectlResult,
  type KubectlVersion,
} from '../support/kubectl';
import { writeLoopbackKubeconfig } from '../support/loopback-kubeconfig';
import { signIn, type TokenSet } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const ALICE = 'alice@example.com';
// Her org roles Engineering and SRE On-Call, plus Developers from her IdP groups (groupsClaim).
const ALICE_GROUPS = ['developers', 'engineering', 'sre-on-call', 'system:authenticated'];
const RESOURCE = 'staging';

let workdir: string;
let config: GatewayConfig;
/** The gateway now; replaced by the one started again on the same port. */
let gateway: GatewayReplica;
const gateways: GatewayReplica[] = [];
let localTls: LocalTls;
const localToken = newLocalToken();
let listener: ImpersonatingProxy<GatewayForwardingAdmission>;
let listenerPort: number;
let requestLogFile: string;
let recordingsDir: string;
const records: RequestRecord[] = [];
const reachability: Array<[boolean, string | null]> = [];
/** The person's session as the desktop holds it: tokens, or signed out. */
const session: { tokens: TokenSet | null; used: Set<string> } = { tokens: null, used: new Set() };
/** Everything kubectl printed in this file. */
const kubectlOutput: string[] = [];
const kubeconfigs: Record<'withToken' | 'wrongToken', string> = { withToken: '', wrongToken: '' };

function signedOutMessage(): string {
  return `signed out of ${gateway.url}: run "gatehouse login"`;
}

function expiresAt(idToken: string): number {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number };
  return payload.exp * 1000;
}

/** A real sign-in at the test provider, again when the ID token is about to expire (a long run). */
async function bearer(): Promise<string> {
  if (session.tokens === null) throw new GatehouseError('not-signed-in', signedOutMessage());
  if (expiresAt(session.tokens.idToken) - Date.now() < 60_000) session.tokens = remember(await signIn(idp, ALICE));
  return session.tokens.idToken;
}

function remember(tokens: TokenSet): TokenSet {
  for (const t of [tokens.idToken, tokens.accessToken, tokens.refreshToken]) if (t) session.used.add(t);
  return tokens;
}

async function kc(args: string[], opts: Partial<KubectlOptions> = {}): Promise<KubectlResult> {
  const r = await kubectl(args, { kubeconfig: kubeconfigs.withToken, ...opts });
  kubectlOutput.push(r.stdout, r.stderr);
  return r;
}

const running: ChildProcessWithoutNullStreams[] = [];
function spawnKept(args: string[], opts: Partial<KubectlOptions> = {}): ChildProcessWithoutNullStreams {
  const child = spawnKubectl(args, { kubeconfig: kubeconfigs.withToken, ...opts });
  child.stdout.on('data', (c: Buffer) => kubectlOutput.push(c.toString()));
  child.stderr.on('data', (c: Buffer) => kubectlOutput.push(c.toString()));
  running.push(child);
  return child;
}
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** One raw HTTPS request to the loopback listener (trusting its local CA), as kubectl would send it. */
function toListener(
  path: string,
  opts: { token?: string; headers?: Record<string, string> } = {},
): Promise<GatewayResponse> {
  return gatewayRequest(`https://127.0.0.1:${listenerPort}`, localTls.caPem, { path, ...opts });
}

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
}

function statusOf(r: GatewayResponse): Status {
  expect(r.headers['content-type'], r.body).toMatch(/^application\/json/);
  const status = JSON.parse(r.body) as Status;
  expect(status).toMatchObject({ kind: 'Status', code: r.status });
  return status;
}

/**
 * A label selector that selects every object (none has the label) and puts a marker into the
 * request URI: the cluster's audit event is then this test's, not another test's on the shared
 * cluster doing the same as alice.
 */
function markedSelector(): { marker: string; selector: string[] } {
  const marker = `fwd-${randomUUID()}`;
  return { marker, selector: ['-l', `gatehouse-test!=${marker}`] };
}

/** The cluster's audit event for a request as alice since `since`, by the gateway's leased identity. */
async function asAlice(since: number, match: (e: AuditEvent) => boolean): Promise<AuditEvent> {
  const event = await audit.waitFor(
    (e) => e.impersonatedUser?.username === ALICE && Date.parse(e.requestReceivedTimestamp) >= since - 1000 && match(e),
  );
  expect(event.user.username).toBe('gatehouse-leased');
  expect([...(event.impersonatedUser?.groups ?? [])].sort()).toEqual(ALICE_GROUPS);
  return event;
}

/** The gateway's audit line for the cluster's event (same Audit-Id): the person and the resource. */
async function gatewaySaw(event: AuditEvent): Promise<AuditLine> {
  const line = await gateway.waitForAudit((l) => l.auditId === event.auditID);
  expect(line).toMatchObject({ person: ALICE, resource: RESOURCE });
  return line;
}

/**
 * Proves refused requests never reached the gateway: a later request through the listener did (it
 * has its audit line), and no audit line of the gateway names any marker.
 */
async function neverReachedGateway(markers: string[]): Promise<void> {
  const witness = `witness-${randomUUID()}`;
  const r = await toListener(`/api/v1/namespaces/team-a/configmaps/${witness}`, { token: localToken });
  expect(r.status, r.body).toBe(404);
  await gateway.waitForAudit((l) => String(l.path).includes(witness));
  for (const marker of markers)
    expect(
      gateway.auditLines().filter((l) => JSON.stringify(l).includes(marker)),
      marker,
    ).toEqual([]);
  for (const marker of markers)
    expect(
      audit.events.filter((e) => e.requestURI.includes(marker)),
      marker,
    ).toEqual([]);
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-forwarding-'));
  config = writeGatewayConfig({
    dir: join(workdir, 'gateway'),
    org: demoOrgCopy(cluster.dir, workdir),
    oidc: idp,
    extra: { shutdownGraceSeconds: 2, recordings: { dir: 'recordings' } },
  });
  gateway = await startGateway(config);
  gateways.push(gateway);
  session.tokens = remember(await signIn(idp, ALICE));

  localTls = ensureLocalTls(join(workdir, 'local-tls'));
  requestLogFile = join(workdir, 'requests.jsonl');
  recordingsDir = join(workdir, 'recordings');
  const requestLog = new JsonlLog<RequestRecord>(requestLogFile, 10 * 1024 * 1024, 0);
  listener = new ImpersonatingProxy({
    admission: new GatewayForwardingAdmission({
      resource: RESOURCE,
      localToken: () => localToken,
      gateway: { url: new URL(gateway.url), caPem: config.caPem },
      bearer,
      person: () => (session.tokens === null ? null : ALICE),
      onReachability: (reachable, reason) => reachability.push([reachable, reason]),
    }),
    port: 0,
    tls: localTls,
    recorder: new AsciicastRecorder(recordingsDir),
    onRequest: (record) => {
      records.push(record);
      requestLog.append(record);
    },
  });
  listenerPort = await listener.listen();
  kubeconfigs.withToken = writeLoopbackKubeconfig(join(workdir, 'kubeconfig'), {
    port: listenerPort,
    caPem: localTls.caPem,
    resource: RESOURCE,
    localToken,
  });
  kubeconfigs.wrongToken = writeLoopbackKubeconfig(join(workdir, 'kubeconfig-wrong-token'), {
    port: listenerPort,
    caPem: localTls.caPem,
    resource: RESOURCE,
    localToken: newLocalToken(),
  });
}, 180_000);

afterAll(async () => {
  await listener?.close();
  await Promise.all(gateways.map((g) => g.kill()));
});

const VERSIONS: KubectlVersion[] = ['1.27', '1.33'];
/** How kubectl is told to speak for exec or port-forward (its default, or SPDY). */
type Mode = { label: string; env: Record<string, string> };
const wsExec = (v: KubectlVersion): boolean => v >= '1.30';
const wsPortForward = (v: KubectlVersion): boolean => v >= '1.31';

describe.each(VERSIONS)('kubectl %s through the loopback listener and the gateway', (version) => {
  const byVersion = (e: AuditEvent): boolean => (e.userAgent ?? '').startsWith(`kubectl.${version}/`);

  it('gets pods as the person (cluster audit), joined to the gateway’s line, and logged locally naming the person', async () => {
    const since = Date.now();
    const { marker, selector } = markedSelector();
    const r = await kc(['get', 'pods', '-n', 'team-a', '-o', 'name', ...selector], { version });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toContain('pod/web');
    const event = await asAlice(
      since,
      (e) => byVersion(e) && e.verb === 'list' && e.objectRef?.resource === 'pods' && e.requestURI.includes(marker),
    );
    expect(await gatewaySaw(event)).toMatchObject({
      verb: 'list',
      path: '/api/v1/namespaces/team-a/pods',
      status: 200,
    });
    await expect
      .poll(() =>
        records.some(
          (rec) =>
            rec.verb === 'list' &&
            rec.path === '/api/v1/namespaces/team-a/pods' &&
            Date.parse(rec.time) >= since - 1000,
        ),
      )
      .toBe(true);
    const record = records.findLast((rec) => rec.verb === 'list' && rec.path === '/api/v1/namespaces/team-a/pods');
    expect(record).toMatchObject({
      resource: RESOURCE,
      user: ALICE,
      namespace: 'team-a',
      apiResource: 'pods',
      status: 200,
    });
  });

  it('streams a watch event through within 1 s of the change', async () => {
    const name = `fwd-watch-${version.replace('.', '-')}-${randomUUID().slice(0, 6)}`;
    const since = Date.now();
    const { marker, selector } = markedSelector();
    const watch = spawnKept(['get', 'configmaps', '-n', 'team-a', '--watch-only', '-o', 'name', ...selector], {
      version,
    });
    await asAlice(since, (e) => e.verb === 'watch' && e.requestURI.includes(marker));
    const seen = waitForLine(watch, new RegExp(`^configmap/${name}$`));
    expect(
      (await kubectl(['create', 'configmap', name, '-n', 'team-a'], { kubeconfig: cluster.adminKubeconfig })).code,
    ).toBe(0);
    const changedAt = Date.now();
    await seen;
    expect(Date.now() - changedAt).toBeLessThan(1000);
  });

  const execModes: Mode[] = [
    { label: 'SPDY', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } },
    ...(wsExec(version) ? [{ label: 'websocket', env: {} }] : []),
  ];
  for (const mode of execModes) {
    it(`execs over ${mode.label}: output, exit code, stdin round trip`, async () => {
      const since = Date.now();
      const r = await kc(['exec', '-n', 'team-a', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'], {
        version,
        env: mode.env,
      });
      expect(r.stdout).toBe('out\n');
      expect(r.stderr).toContain('err\n');
      expect(r.code).toBe(7);
      const payload = `stdin ${randomUUID()}\nsecond line\n`;
      // `sh -c cat <marker>`: the marker is $0, and in the exec request's URI.
      const marker = `fwd-${randomUUID()}`;
      const echo = await kc(['exec', '-i', '-n', 'team-a', 'web', '--', 'sh', '-c', 'cat', marker], {
        version,
        env: mode.env,
        stdin: payload,
      });
      expect(echo.stdout).toBe(payload);
      expect(echo.code).toBe(0);
      await asAlice(since, (e) => e.objectRef?.subresource === 'exec' && e.requestURI.includes(marker));
      // Upgrades carry no Audit-Id back; the gateway's line is the switched session as the person.
      await gateway.waitForAudit(
        (l) =>
          l.person === ALICE &&
          l.resource === RESOURCE &&
          l.path === '/api/v1/namespaces/team-a/pods/web/exec' &&
          l.status === 101 &&
          Date.parse(String(l.time)) >= since - 1000,
      );
    });
  }

  const forwardModes: Mode[] = [
    { label: 'SPDY', env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } },
    ...(wsPortForward(version) ? [{ label: 'websocket tunnelling', env: {} }] : []),
  ];
  for (const mode of forwardModes) {
    it(`port-forwards HTTP over ${mode.label}`, async () => {
      const since = Date.now();
      const pf = spawnKept(['port-forward', '-n', 'team-a', 'pod/web', ':8080'], { version, env: mode.env });
      const port = (await waitForLine(pf, /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080$/))[1];
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello from team-a/web\n');
      const big = await fetch(`http://127.0.0.1:${port}/bytes?n=1048576`);
      expect((await big.arrayBuffer()).byteLength).toBe(1048576);
      await asAlice(
        since,
        (e) => byVersion(e) && e.objectRef?.subresource === 'portforward' && e.objectRef.name === 'web',
      );
    });
  }
});

describe('recordings', () => {
  it('a websocket exec session through the listener is recorded locally, naming the person', async () => {
    const input = `recorded-${randomUUID()}\n`;
    const r = await kc(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { stdin: input });
    expect(r.stdout).toBe(input);
    const escaped = JSON.stringify(input);
    const cast = await waitForFileIn(
      recordingsDir,
      (text) => text.includes(`"i",${escaped}`) && text.includes(`"o",${escaped}`),
    );
    const header = JSON.parse(cast.split('\n')[0] ?? '{}') as { gatehouse?: { resource: string; user: string } };
    expect(header.gatehouse).toMatchObject({ resource: RESOURCE, user: ALICE });
  });
});

describe('refused by the listener: nothing reaches the gateway', () => {
  it('no local token or a wrong one: 401 from the listener (kubectl and raw)', async () => {
    const markers = [
      `no-token-${randomUUID()}`,
      `wrong-token-${randomUUID()}`,
      `id-token-${randomUUID()}`,
      `kubectl-${randomUUID()}`,
    ];
    const [noToken, wrongToken, idToken, viaKubectl] = markers as [string, string, string, string];
    const path = (marker: string): string => `/api/v1/namespaces/team-a/configmaps/${marker}`;
    for (const [marker, token] of [
      [noToken, undefined],
      [wrongToken, newLocalToken()],
      // The person's ID token is no local token: another local process that got one gets nothing.
      [idToken, session.tokens?.idToken],
    ] as const) {
      const r = await toListener(path(marker), token === undefined ? {} : { token });
      expect(r.status, r.body).toBe(401);
      expect(statusOf(r)).toMatchObject({
        reason: 'Unauthorized',
        message: expect.stringContaining(`resource "${RESOURCE}" has`),
      });
    }
    const r = await kc(['get', 'configmap', viaKubectl, '-n', 'team-a'], { kubeconfig: kubeconfigs.wrongToken });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('You must be logged in to the server');
    expect(r.stderr).toContain(`gatehouse: request for resource "${RESOURCE}" has a wrong local token`);
    await neverReachedGateway(markers);
  });

  it('signed out (the session has no ID token): kubectl shows the 401 saying to run "gatehouse login"', async () => {
    const marker = `signed-out-${randomUUID()}`;
    const held = session.tokens;
    session.tokens = null;
    let r: KubectlResult;
    try {
      r = await kc(['get', 'configmap', marker, '-n', 'team-a']);
    } finally {
      session.tokens = held;
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error: You must be logged in to the server (gatehouse: resource "${RESOURCE}": ${signedOutMessage()})`,
    );
    await neverReachedGateway([marker]);
  });

  it('client impersonation (kubectl --as, raw Impersonate-* headers): 403 from the listener naming the resource', async () => {
    const asMarker = `as-${randomUUID()}`;
    const r = await kc(['--as=dave@example.com', 'get', 'configmap', asMarker, '-n', 'team-a']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error from server (Forbidden)');
    expect(r.stderr).toContain(`impersonation through resource "${RESOURCE}" is fixed to ${ALICE}`);
    const markers = [asMarker];
    const canonical: Record<string, string> = { 'impersonate-group': 'Impersonate-Group' };
    for (const header of ['Impersonate-User', 'impersonate-group', 'Impersonate-Uid', 'Impersonate-Extra-Scopes']) {
      const marker = `hdr-${header}-${randomUUID().slice(0, 8)}`;
      markers.push(marker);
      const res = await toListener(`/api/v1/namespaces/team-a/configmaps/${marker}`, {
        token: localToken,
        headers: { [header]: 'system:masters' },
      });
      expect(res.status, res.body).toBe(403);
      expect(statusOf(res).message).toContain(
        `gatehouse: request carries ${canonical[header] ?? header}; impersonation through resource "${RESOURCE}"`,
      );
    }
    await neverReachedGateway(markers);
  });
});

describe('the gateway goes away and comes back', () => {
  it('stopped: 503 Status naming the gateway; started again on the same port: the next kubectl works, the listener untouched', async () => {
    const { port, url } = gateway;
    // A request first, so that the listener holds a keep-alive connection to this gateway process.
    expect((await kc(['get', 'pods', '-n', 'team-a', '-o', 'name'])).stdout).toContain('pod/web');
    expect(reachability.at(-1)).toEqual([true, null]);

    expect(await gateway.stop()).toBe(0);
    const down = await kc(['get', 'pods', '-n', 'team-a', '-o', 'name']);
    expect(down.code).toBe(1);
    const unreachable = `gatehouse: cannot reach the gateway ${url} for resource "${RESOURCE}": ECONNREFUSED`;
    expect(down.stderr).toContain(unreachable);
    expect(down.stderr).not.toContain('the cluster');
    const raw = await toListener('/api/v1/namespaces/team-a/pods', { token: localToken });
    expect(raw.status).toBe(503);
    expect(statusOf(raw)).toMatchObject({
      reason: 'ServiceUnavailable',
      message: expect.stringContaining(unreachable),
    });
    expect(reachability.at(-1)).toEqual([false, expect.stringContaining(unreachable.replace(/^gatehouse: /, ''))]);

    // The same config on the same port (a restarted pod behind the same address).
    const samePort = join(config.dir, 'config-same-port.yaml');
    writeFileSync(samePort, readFileSync(config.file, 'utf8').replace(/^listen: .*$/m, `listen: 127.0.0.1:${port}`));
    gateway = await startGateway({ ...config, file: samePort }, { name: 'gateway-again' });
    gateways.push(gateway);
    expect(gateway.port).toBe(port);

    const since = Date.now();
    const { marker, selector } = markedSelector();
    const back = await kc(['get', 'pods', '-n', 'team-a', '-o', 'name', ...selector]);
    expect(back.stderr).toBe('');
    expect(back.stdout.split('\n')).toContain('pod/web');
    await gatewaySaw(await asAlice(since, (e) => e.verb === 'list' && e.requestURI.includes(marker)));
    expect(reachability.at(-1)).toEqual([true, null]);
    // Told on changes only: up, down, up again.
    expect(reachability.map(([reachable]) => reachable)).toEqual([true, false, true]);
  });
});

describe('no token anywhere', () => {
  it('the ID token (and the local token outside the kubeconfig) appear in no log, recording or output', async () => {
    const logged = readFileSync(requestLogFile, 'utf8');
    expect(logged).toContain(`"user":"${ALICE}"`);
    const recordings = readdirSync(recordingsDir).map((f) => readFileSync(join(recordingsDir, f), 'utf8'));
    expect(recordings.length).toBeGreaterThan(0);
    const gatewayRecordings = join(config.dir, 'recordings');
    const outputs: Array<[string, string]> = [
      ['the local request log', logged],
      ['the records handed to onRequest', JSON.stringify(records)],
      ['the reachability reasons', JSON.stringify(reachability)],
      ['kubectl', kubectlOutput.join('\n')],
      ...recordings.map((text, i): [string, string] => [`local recording ${i}`, text]),
      ...readdirSync(gatewayRecordings).map((f): [string, string] => [
        `gateway recording ${f}`,
        readFileSync(join(gatewayRecordings, f), 'utf8'),
      ]),
      ...gateways.flatMap((g): Array<[string, string]> => [
        [`${g.name} stdout`, g.stdout()],
        [`${g.name} stderr`, g.stderr()],
      ]),
    ];
    const secrets = [
      ...session.used,
      ...[...session.used].flatMap((t) => (t.split('.').length === 3 ? [t.split('.')[2] ?? ''] : [])),
    ].filter((s) => s.length >= 16);
    expect(secrets.length).toBeGreaterThan(0);
    for (const [where, text] of outputs) {
      for (const secret of secrets) expect(text.includes(secret), `a token in ${where}`).toBe(false);
      expect(text.includes(localToken), `the local token in ${where}`).toBe(false);
    }
  });
});
