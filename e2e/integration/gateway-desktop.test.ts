// Gateway mode from the person's side (SPEC §10), with the real `gatehouse` CLI against a real
// gateway process, the real test OpenID provider and the real cluster: `gatehouse login --device`
// approved through the provider's own device pages, and the browser flow walked through its login
// page to the CLI's loopback callback; whoami from /v1/me; `gatehouse credential` as kubectl's exec
// plugin in `--direct` contexts (kubectl 1.27 and 1.33: get, watch, exec, port-forward, audited as
// the person); the agent's loopback listeners forwarding to the gateway; sign-out, after which
// kubectl gets the 401 Status naming `gatehouse login` and the plugin fails with one line.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ControlClient } from '../../app/transports/control-client';
import { auditLog, type AuditEvent } from '../support/audit';
import { demoOrgCopy, runGatehouse, spawnGatehouse } from '../support/gatehouse-cli';
import { startGateway, writeGatewayConfig, type GatewayConfig, type GatewayReplica } from '../support/gateway';
import { kubectl, spawnKubectl, waitForLine, type KubectlVersion } from '../support/kubectl';
import { authorizeAt, followToLoopback } from '../support/oidc/authorize';
import { approveDevice } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');
const audit = auditLog(cluster.auditLog);
const ALICE = 'alice@example.com';

let workdir: string;
let config: GatewayConfig;
let gateway: GatewayReplica;
/** The gateway's CA and the provider's in one file: what `--ca` takes when both are private. */
let caBundle: string;
let home: string;
const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];

/** Every secret a sign-in holds for `home`, read from its session file (to prove none leaks). */
function secretsOf(dir: string): string[] {
  const session = JSON.parse(readFileSync(join(dir, 'gateway-session.json'), 'utf8')) as {
    idToken: string;
    refreshToken: { sealed: string } | null;
  };
  return [session.idToken, ...(session.refreshToken ? [session.refreshToken.sealed] : [])];
}

async function asPerson(email: string, since: number, match: (e: AuditEvent) => boolean): Promise<AuditEvent> {
  return audit.waitFor(
    (e) => e.impersonatedUser?.username === email && Date.parse(e.requestReceivedTimestamp) >= since - 1000 && match(e),
    20_000,
  );
}

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-desktop-'));
  const org = demoOrgCopy(cluster.dir, workdir);
  config = writeGatewayConfig({ dir: join(workdir, 'gateway'), org, oidc: idp, admins: ['erin@example.com'] });
  gateway = await startGateway(config, { name: 'desktop-gw' });
  caBundle = join(workdir, 'ca-bundle.pem');
  writeFileSync(caBundle, `${config.caPem}${readFileSync(idp.caFile, 'utf8')}`);
  home = mkdtempSync(join(tmpdir(), 'gatehouse-desktop-home-'));
}, 120_000);

/** Stops the background agent that `status`/`connect` started for `dir`, if one runs. */
async function stopBackgroundAgent(dir: string): Promise<void> {
  const client = await ControlClient.connect(join(dir, 'agent.sock')).catch(() => null);
  if (!client) return;
  const info = await client.call('app.info', undefined);
  client.close();
  if (info.ok) process.kill(info.value.pid, 'SIGTERM');
}

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await stopBackgroundAgent(home);
  await gateway?.stop();
});

describe('gatehouse login --device', () => {
  it('prints visit and code, waits for the approval at the provider, then says who signed in', async () => {
    const login = spawnGatehouse(['login', '--gateway', gateway.url, '--ca', caBundle, '--device'], home);
    children.push(login);
    let stderr = '';
    login.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const visit = (await waitForLine(login, /^visit (https:\/\/\S+)$/))[1] ?? '';
    const code = (await waitForLine(login, /^code (\S+)$/))[1] ?? '';
    expect(visit).toContain(encodeURIComponent(code).slice(0, 4));
    await approveDevice(idp, visit, ALICE);
    await waitForLine(login, new RegExp(`^signed in as ${ALICE.replace('.', '\\.')}$`));
    const exit = await new Promise<number | null>((resolve) => login.on('close', resolve));
    expect(exit, stderr).toBe(0);
    // The sign-in is kept owner-only in app data, and remembered for the next login.
    expect(statSync(join(home, 'gateway-session.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toMatchObject({
      gatewayUrl: gateway.url,
      gatewayCaFile: caBundle,
    });
  }, 120_000);

  it('whoami is the person as the gateway says, with where each group comes from', async () => {
    const r = await runGatehouse(['whoami', '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    const me = JSON.parse(r.stdout) as {
      email: string;
      resources: string[];
      groupSources?: Array<{ name: string; from: string }>;
    };
    expect(me.email).toBe(ALICE);
    expect([...me.resources].sort()).toEqual(['prod', 'staging']);
    expect(me.groupSources).toContainEqual({ name: 'system:authenticated', from: 'always' });
    const text = await runGatehouse(['status'], home);
    expect(text.stdout).toMatch(/staging/);
  });

  it('credential prints an ExecCredential with the ID token and its expiry, and nothing else', async () => {
    const r = await runGatehouse(['credential', 'staging'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const credential = JSON.parse(r.stdout) as {
      apiVersion: string;
      kind: string;
      status: { token: string; expirationTimestamp: string };
    };
    expect(credential).toMatchObject({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential' });
    expect(credential.status.token).toBe(secretsOf(home)[0]);
    expect(Date.parse(credential.status.expirationTimestamp)).toBeGreaterThan(Date.now());
  });
});

describe('--direct contexts: kubectl runs gatehouse credential', () => {
  let kubeconfig: string;

  beforeAll(async () => {
    kubeconfig = join(workdir, 'direct.kubeconfig');
    const r = await runGatehouse(['k8s', 'update-config', '--direct', '--kubeconfig', kubeconfig], home);
    expect(r.code, r.stderr).toBe(0);
  });

  it('writes the gateway as server and the plugin with absolute paths, and no token', () => {
    const text = readFileSync(kubeconfig, 'utf8');
    expect(text).toContain(`server: ${gateway.url}/k8s/staging`);
    expect(text).toContain(`command: ${process.execPath}`);
    expect(text).toMatch(/- credential\n\s+- staging/);
    expect(text).toContain('interactiveMode: Never');
    for (const secret of secretsOf(home)) expect(text).not.toContain(secret);
  });

  for (const version of ['1.27', '1.33'] as KubectlVersion[]) {
    describe(`kubectl ${version}`, () => {
      const opts = (env: Record<string, string> = {}) => ({ version, kubeconfig, env });

      it('gets and watches pods as the person', async () => {
        const since = Date.now();
        const r = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name'], opts());
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('pod/web');
        await asPerson(ALICE, since, (e) => e.objectRef?.resource === 'pods' && e.verb === 'list');
        const watch = spawnKubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-w', '-o', 'name'], opts());
        children.push(watch);
        await waitForLine(watch, /^pod\/web$/);
        await asPerson(ALICE, since, (e) => e.verb === 'watch' && e.objectRef?.resource === 'pods');
        watch.kill('SIGTERM');
      });

      it('execs (stdin round trip) and port-forwards', async () => {
        const since = Date.now();
        const payload = `direct ${randomUUID()}\n`;
        const spdy: Record<string, string> = version === '1.27' ? {} : { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
        for (const env of [{} as Record<string, string>, spdy]) {
          const echo = await kubectl(['--context', 'staging', 'exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], {
            ...opts(env),
            stdin: payload,
          });
          expect(echo.stdout, echo.stderr).toBe(payload);
          expect(echo.code).toBe(0);
        }
        await asPerson(ALICE, since, (e) => e.objectRef?.subresource === 'exec');
        const pf = spawnKubectl(['--context', 'staging', 'port-forward', '-n', 'team-a', 'pod/web', ':8080'], opts());
        children.push(pf);
        const port = (await waitForLine(pf, /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080$/))[1];
        expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello from team-a/web\n');
        await asPerson(ALICE, since, (e) => e.objectRef?.subresource === 'portforward');
        pf.kill('SIGTERM');
      });
    });
  }
});

describe('the agent’s loopback listeners forward to the gateway', () => {
  let kubeconfig: string;

  it('connect --all, update-config, then kubectl reaches the cluster as the person', async () => {
    // `status` above started the background agent, which restored the sign-in from app data.
    const connect = await runGatehouse(['connect', '--all'], home);
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toMatch(/staging\s+\d+\s+connected/);
    kubeconfig = join(workdir, 'loopback.kubeconfig');
    const update = await runGatehouse(['k8s', 'update-config', '--kubeconfig', kubeconfig], home);
    expect(update.code, update.stderr).toBe(0);
    expect(readFileSync(kubeconfig, 'utf8')).toMatch(/server: https:\/\/127\.0\.0\.1:\d+/);
    const since = Date.now();
    const r = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name'], { kubeconfig });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('pod/web');
    await asPerson(ALICE, since, (e) => e.objectRef?.resource === 'pods' && e.verb === 'list');
    // The ID token is in neither the kubeconfig (it has the local token) nor the request log.
    for (const secret of secretsOf(home)) {
      expect(readFileSync(kubeconfig, 'utf8')).not.toContain(secret);
      expect(readFileSync(join(home, 'logs', 'requests.jsonl'), 'utf8')).not.toContain(secret);
    }
  }, 120_000);

  it('logout: the listener answers 401 naming gatehouse login, the plugin fails with one line, ports stay', async () => {
    const secrets = secretsOf(home);
    const out = await runGatehouse(['logout'], home);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toBe(`signed out of ${gateway.url}\n`);
    const r = await kubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a'], { kubeconfig });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('gatehouse login');
    const credential = await runGatehouse(['credential', 'staging'], home);
    expect(credential.code).toBe(1);
    expect(credential.stdout).toBe('');
    expect(credential.stderr.trim().split('\n')).toHaveLength(1);
    expect(credential.stderr).toMatch(/^gatehouse credential: .*gatehouse login/);
    for (const secret of secrets)
      expect(`${out.stdout}${out.stderr}${r.stderr}${credential.stderr}`).not.toContain(secret);
  }, 60_000);
});

describe('gatehouse login refused by the gateway', () => {
  it('a person the IdP knows but the org does not is not signed in at all (exit 3, nothing kept)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gatehouse-desktop-zed-'));
    const login = spawnGatehouse(['login', '--gateway', gateway.url, '--ca', caBundle, '--device'], other);
    children.push(login);
    let stderr = '';
    login.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const visit = (await waitForLine(login, /^visit (https:\/\/\S+)$/))[1] ?? '';
    await approveDevice(idp, visit, 'zed@example.com');
    const exit = await new Promise<number | null>((resolve) => login.on('close', resolve));
    expect(exit).toBe(3);
    expect(stderr).toMatch(
      /signed in at .* as zed@example\.com, but the gateway refuses: .*not a user of the organisation/,
    );
    expect(() => statSync(join(other, 'gateway-session.json'))).toThrow();
  }, 120_000);
});

describe('gatehouse login in a browser', () => {
  it('prints the IdP page, and the provider’s redirect to the CLI’s loopback callback signs in', async () => {
    const other = mkdtempSync(join(tmpdir(), 'gatehouse-desktop-browser-'));
    const login = spawnGatehouse(['login', '--gateway', gateway.url, '--ca', caBundle], other, { BROWSER: 'none' });
    children.push(login);
    const url = (await waitForLine(login, /^open this page in a browser: (https:\/\/\S+)$/))[1] ?? '';
    const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const callback = await authorizeAt(idp, url, 'bob@example.com', redirect);
    const answer = await followToLoopback(callback);
    expect(answer.status).toBe(200);
    await waitForLine(login, /^signed in as bob@example\.com$/);
    // The callback is one-shot: the same redirect again finds nobody listening.
    await expect(followToLoopback(callback)).rejects.toThrow();
  }, 120_000);
});
