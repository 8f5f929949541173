// Connections end to end (issue: connections): the background agent started by the CLI, "Update
// kubectl configuration", real kubectl with --context through it, disconnect and reconnect on the
// same port, org-file changes applied live, and one agent per user.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiEvent, ResourceStatus } from '../../shared/api';
import { ControlClient } from '../../app/transports/control-client';
import { auditLog } from '../support/audit';
import { demoOrgCopy, runGatehouse } from '../support/gatehouse-cli';
import { kubectl, spawnKubectl, waitForLine } from '../support/kubectl';

const cluster = inject('cluster');
const audit = auditLog(cluster.auditLog);
const FOREIGN = `# my own clusters — Gatehouse must leave all of this alone
apiVersion: v1
kind: Config
clusters:
  - name: homelab   # the NUC under the desk
    cluster:
      server: https://10.1.2.3:6443
      insecure-skip-tls-verify: true
users:
  - name: me
    user:
      token: my-own-token
contexts:
  - name: homelab
    context: {cluster: homelab, user: me, namespace: media}
current-context: homelab
`;

let home: string;
let org: string;
let kubeconfigFile: string;
let env: Record<string, string>;
let agent: ControlClient;
const events: ApiEvent[] = [];

const gh = (...args: string[]) => runGatehouse(args, home, env);
const k = (args: string[], extra: { stdin?: string } = {}) => kubectl(args, { kubeconfig: kubeconfigFile, ...extra });

async function statuses(): Promise<ResourceStatus[]> {
  const r = await gh('status', '--json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { resources: ResourceStatus[] }).resources;
}

/** Resolves with the first 'resources' event (from now on) that satisfies the predicate. */
function nextResources(match: (r: ResourceStatus[]) => boolean): Promise<ResourceStatus[]> {
  return new Promise((resolve) => {
    agent.onEvent((e) => {
      if (e.type === 'resources' && match(e.resources)) resolve(e.resources);
    });
  });
}

/**
 * Staging's status once it has been reconnected: resolves on the first event, after one showing
 * it connecting again, where it is connected, checked, and `match` holds.
 */
function reconnectedStaging(match: (s: ResourceStatus) => boolean): Promise<ResourceStatus> {
  let reconnecting = false;
  return new Promise((resolve) => {
    agent.onEvent((e) => {
      if (e.type !== 'resources') return;
      const staging = e.resources.find((r) => r.name === 'staging');
      if (staging?.state === 'connecting') reconnecting = true;
      if (reconnecting && staging?.state === 'connected' && staging.health !== 'unknown' && match(staging)) resolve(staging);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'gatehouse-agent-'));
  org = demoOrgCopy(cluster.dir, home);
  kubeconfigFile = join(home, 'kube', 'config');
  env = { GATEHOUSE_ORG: org, GATEHOUSE_USER: 'alice@example.com', KUBECONFIG: kubeconfigFile };
});

afterAll(async () => {
  if (!agent) return;
  const info = await agent.call('app.info', undefined);
  agent.close();
  if (info.ok) process.kill(info.value.pid, 'SIGTERM');
});

describe('the background agent', () => {
  it('starts on the first command and connects every assigned resource', async () => {
    const connect = await gh('connect', '--all');
    expect(connect.code, connect.stderr).toBe(0);
    agent = await ControlClient.connect(join(home, 'agent.sock'));
    agent.onEvent((e) => events.push(e));
    const resources = await statuses();
    expect(resources.map((r) => [r.name, r.state, r.health])).toEqual([
      ['staging', 'connected', 'healthy'],
      ['prod', 'connected', 'healthy'],
    ]);
    expect(resources.every((r) => typeof r.port === 'number')).toBe(true);
  });

  it('an unknown resource is a usage error: exit 2 and the same message through the agent and with --foreground', async () => {
    const expected = `unknown resource "no-such" (the org file ${org} has: staging, prod, payments)`;
    const viaAgent = await gh('connect', 'no-such');
    const foreground = await gh('connect', 'no-such', '--foreground');
    expect([viaAgent.code, foreground.code]).toEqual([2, 2]);
    expect(viaAgent.stderr).toBe(`gatehouse connect: ${expected}\n`);
    expect(foreground.stderr).toBe(`gatehouse connect: ${expected}\n`);
  });

  it('a resource not assigned to the person is refused: exit 3 and the same message both ways', async () => {
    // Bob (Developers) is assigned staging only; his own app data, so his own agent.
    const bobHome = mkdtempSync(join(tmpdir(), 'gatehouse-bob-'));
    const bobEnv = { GATEHOUSE_ORG: org, GATEHOUSE_USER: 'bob@example.com' };
    const expected = 'gatehouse connect: resource "prod" is not assigned to bob@example.com (assigned: staging)\n';
    try {
      const viaAgent = await runGatehouse(['connect', 'prod'], bobHome, bobEnv);
      const foreground = await runGatehouse(['connect', 'prod', '--foreground'], bobHome, bobEnv);
      expect([viaAgent.code, foreground.code]).toEqual([3, 3]);
      expect(viaAgent.stderr).toBe(expected);
      expect(foreground.stderr).toBe(expected);
    } finally {
      const bobAgent = await ControlClient.connect(join(bobHome, 'agent.sock'));
      const info = await bobAgent.call('app.info', undefined);
      bobAgent.close();
      if (info.ok) process.kill(info.value.pid, 'SIGTERM');
    }
  });

  it('refuses a second agent for the same user', async () => {
    const second = await gh('agent');
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('another Gatehouse agent is already running for this user');
  });
});

describe('update kubectl configuration, then plain kubectl', () => {
  it('adds a context per resource and keeps everything else', async () => {
    mkdirSync(join(home, 'kube'), { recursive: true });
    writeFileSync(kubeconfigFile, FOREIGN, { mode: 0o600 });
    const r = await gh('k8s', 'update-config');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('added: staging, prod');
    const text = readFileSync(kubeconfigFile, 'utf8');
    for (const line of FOREIGN.split('\n').filter((l) => l !== '')) expect(text).toContain(line);
    expect(text).toContain('current-context: homelab');
  });

  it('kubectl --context staging works as alice, and the audit log names her', async () => {
    const since = Date.now();
    const r = await k(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '-o', 'name']);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['pod/web', 'pod/worker']));
    const event = await audit.waitFor((e) => e.impersonatedUser?.username === 'alice@example.com' && e.objectRef?.resource === 'pods' && e.objectRef.namespace === 'team-a' && Date.parse(e.requestReceivedTimestamp) >= since - 1000);
    expect(event.user.username).toBe('gatehouse-leased');
  });

  it('rotates local tokens on request: the old kubeconfig is refused, the new one works', async () => {
    const old = join(home, 'old-kubeconfig');
    writeFileSync(old, readFileSync(kubeconfigFile));
    const r = await gh('k8s', 'update-config', '--rotate-tokens');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('updated: staging, prod');
    const refused = await kubectl(['--context', 'staging', 'get', 'pod', 'web', '-n', 'team-a'], { kubeconfig: old });
    expect(refused.stderr).toContain('has a wrong local token');
    const ok = await k(['--context', 'staging', 'get', 'pod', 'web', '-n', 'team-a', '-o', 'name']);
    expect(ok.stdout.trim()).toBe('pod/web');
  });

  it('disconnect: kubectl gets a connection error; reconnect: same port, works again', async () => {
    const before = (await statuses()).find((r) => r.name === 'staging')!;
    expect((await gh('disconnect', 'staging')).code).toBe(0);
    const refused = await k(['--context', 'staging', 'get', 'pods', '-n', 'team-a']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`The connection to the server 127.0.0.1:${before.port} was refused`);
    expect((await gh('connect', 'staging')).code).toBe(0);
    const after = (await statuses()).find((r) => r.name === 'staging')!;
    expect(after.port).toBe(before.port);
    const ok = await k(['--context', 'staging', 'get', 'pod', 'web', '-n', 'team-a', '-o', 'name']);
    expect(ok.stdout.trim()).toBe('pod/web');
  });

  it('disconnect ends open streams: a watch ends, an exec session gets a final message', async () => {
    const watch: ChildProcessWithoutNullStreams = spawnKubectl(['--context', 'staging', 'get', 'pods', '-n', 'team-a', '--watch', '-o', 'name'], { kubeconfig: kubeconfigFile });
    await waitForLine(watch, /^pod\/web$/);
    const exec = spawnKubectl(['--context', 'staging', 'exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { kubeconfig: kubeconfigFile });
    exec.stdin.write('still here\n');
    await waitForLine(exec, /^still here$/);
    const watchEnded = new Promise((resolve) => watch.on('exit', resolve));
    const execEnded = new Promise<number | null>((resolve) => exec.on('exit', resolve));
    let execErr = '';
    exec.stderr.on('data', (c: Buffer) => (execErr += c.toString()));
    expect((await gh('disconnect', 'staging')).code).toBe(0);
    await watchEnded;
    expect(await execEnded).not.toBe(0);
    expect(execErr).toContain('resource "staging" was disconnected by Gatehouse');
    expect((await gh('connect', 'staging')).code).toBe(0);
  });
});

describe('org file changes apply without a restart', () => {
  it('changes groups for the next request, and disconnects a resource no longer assigned', async () => {
    const original = readFileSync(org, 'utf8');
    const gone = nextResources((rs) => !rs.some((r) => r.name === 'prod'));
    // Alice loses "SRE On-Call", and Engineering no longer grants env: prod.
    writeFileSync(org, original.replace('roles: [Engineering, "SRE On-Call"]', 'roles: [Engineering]').replace('      - tags: {env: prod}\n', ''));
    const remaining = await gone;
    expect(remaining.map((r) => r.name)).toEqual(['staging']);
    const marker = `after-reload-${randomUUID()}`;
    await k(['--context', 'staging', 'get', 'configmap', marker, '-n', 'team-a']);
    const event = await audit.waitFor((e) => e.requestURI.includes(marker));
    expect(event.impersonatedUser?.groups).toEqual(['engineering', 'system:authenticated']);
    const prod = await k(['--context', 'prod', 'get', 'pods']);
    expect(prod.code).toBe(1);

    const back = nextResources((rs) => rs.some((r) => r.name === 'prod'));
    writeFileSync(org, original);
    expect((await back).find((r) => r.name === 'prod')?.state).toBe('disconnected');
  });

  it("reconnects a resource whose cluster or port changed: the new upstream answers, open sessions are told, status agrees", async () => {
    const original = readFileSync(org, 'utf8');
    const before = (await statuses()).find((r) => r.name === 'staging')!;
    expect(before.state).toBe('connected');
    const exec = spawnKubectl(['--context', 'staging', 'exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { kubeconfig: kubeconfigFile });
    let execErr = '';
    exec.stderr.on('data', (c: Buffer) => (execErr += c.toString()));
    const execEnded = new Promise<number | null>((resolve) => exec.on('exit', resolve));
    exec.stdin.write('before the switch\n');
    await waitForLine(exec, /^before the switch$/);

    // The token credential → the client-certificate one: the cluster's audit log tells them apart.
    const leasedToken = `kubeconfig: ${cluster.dir}/leased.kubeconfig\n      context: leased\n`;
    expect(original).toContain(leasedToken);
    const switched = reconnectedStaging((s) => s.port === before.port);
    writeFileSync(org, original.replace(leasedToken, `kubeconfig: ${cluster.dir}/leased-cert.kubeconfig\n`));
    expect(await switched).toMatchObject({ state: 'connected', health: 'healthy', port: before.port, error: null });
    expect(await execEnded).not.toBe(0);
    expect(execErr).toContain('resource "staging" was reconnected: its cluster settings changed');
    const marker = `after-switch-${randomUUID()}`;
    await k(['--context', 'staging', 'get', 'configmap', marker, '-n', 'team-a']);
    const event = await audit.waitFor((e) => e.requestURI.includes(marker));
    expect([event.user.username, event.impersonatedUser?.username]).toEqual(['gatehouse-leased-cert', 'alice@example.com']);

    // A fixed port: the listener moves there (status says so), the old port is closed.
    const newPort = await freePort();
    const moved = reconnectedStaging((s) => s.port === newPort);
    writeFileSync(org, original.replace(leasedToken, `kubeconfig: ${cluster.dir}/leased-cert.kubeconfig\n`).replace('  - name: staging\n', `  - name: staging\n    port: ${newPort}\n`));
    expect(await moved).toMatchObject({ state: 'connected', health: 'healthy', port: newPort });
    const oldPort = await k(['--context', 'staging', 'get', 'pods', '-n', 'team-a']);
    expect(oldPort.stderr).toContain(`The connection to the server 127.0.0.1:${before.port} was refused`);
    const atNewPort = join(home, 'kubeconfig-new-port');
    writeFileSync(atNewPort, readFileSync(kubeconfigFile, 'utf8').replace(`https://127.0.0.1:${before.port}`, `https://127.0.0.1:${newPort}`));
    const ok = await kubectl(['--context', 'staging', 'get', 'pod', 'web', '-n', 'team-a', '-o', 'name'], { kubeconfig: atNewPort });
    expect(ok.stdout.trim()).toBe('pod/web');

    // Back to the original: its stored port and the token credential again.
    const restored = reconnectedStaging((s) => s.port === before.port);
    writeFileSync(org, original);
    expect(await restored).toMatchObject({ state: 'connected', health: 'healthy', port: before.port });
    const back = `after-restore-${randomUUID()}`;
    await k(['--context', 'staging', 'get', 'configmap', back, '-n', 'team-a']);
    expect((await audit.waitFor((e) => e.requestURI.includes(back))).user.username).toBe('gatehouse-leased');
  });

  it('keeps the last valid org when the file becomes invalid, and says why', async () => {
    const original = readFileSync(org, 'utf8');
    const sessionEvent = new Promise<ApiEvent>((resolve) => agent.onEvent((e) => e.type === 'session' && e.session.error !== null && resolve(e)));
    writeFileSync(org, original.replace('roles: [Developers]', 'roles: [Developpers]'));
    const e = await sessionEvent;
    expect(e.type === 'session' && e.session.error).toContain('role "Developpers" is not defined in roles (still using the last valid version)');
    expect((await k(['--context', 'staging', 'get', 'pod', 'web', '-n', 'team-a', '-o', 'name'])).stdout.trim()).toBe('pod/web');
    writeFileSync(org, original);
  });
});
