// The leased credential as kubectl would use it: besides a token and a client certificate (see the
// conformance tests), an exec plugin (EKS/GKE style) — called for a fresh credential when the one it
// gave has expired, and not before — and auth providers (a gcp-style command, a token file). The
// proxy reads the common kinds without client-node and hands these to client-node, loaded on
// first use (app/domain/proxy/kubeconfig-credential.ts); both must reach the cluster.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { auditLog } from '../support/audit';
import { connectForeground, type ForegroundConnection } from '../support/gatehouse-cli';
import { kubectl } from '../support/kubectl';

const cluster = inject('cluster');
const connections: ForegroundConnection[] = [];
afterAll(async () => {
  for (const c of connections) await c.stop();
});

/** A kubeconfig whose user is an exec plugin handing out the leased token, counting its calls. */
function execPluginKubeconfig(dir: string, lifetimeSeconds: number): { kubeconfig: string; calls: string } {
  const leased = readFileSync(cluster.leasedKubeconfig, 'utf8');
  const token = /token: (\S+)/.exec(leased)![1]!;
  const ca = /certificate-authority-data: (\S+)/.exec(leased)![1]!;
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  const plugin = join(dir, 'credential-plugin.mjs');
  writeFileSync(
    plugin,
    `#!${process.execPath}
import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(calls)}, 'x');
const expirationTimestamp = new Date(Date.now() + ${lifetimeSeconds} * 1000).toISOString();
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)}, expirationTimestamp } }));
`,
  );
  chmodSync(plugin, 0o755);
  const kubeconfig = join(dir, 'leased-exec.kubeconfig');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: cluster.server, 'certificate-authority-data': ca } }],
      users: [{ name: 'plugin', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } } }],
      contexts: [{ name: 'leased-exec', context: { cluster: 'c', user: 'plugin' } }],
      'current-context': 'leased-exec',
    }),
  );
  return { kubeconfig, calls };
}

/** A kubeconfig for the test cluster whose user is `user` (its CA from the leased kubeconfig). */
function kubeconfigWithUser(dir: string, name: string, user: Record<string, unknown>): string {
  const leased = readFileSync(cluster.leasedKubeconfig, 'utf8');
  const ca = /certificate-authority-data: (\S+)/.exec(leased)![1]!;
  const kubeconfig = join(dir, `${name}.kubeconfig`);
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: cluster.server, 'certificate-authority-data': ca } }],
      users: [{ name, user }],
      contexts: [{ name, context: { cluster: 'c', user: name } }],
      'current-context': name,
    }),
  );
  return kubeconfig;
}

const leasedToken = (): string => /token: (\S+)/.exec(readFileSync(cluster.leasedKubeconfig, 'utf8'))![1]!;

function orgWith(dir: string, kubeconfig: string): string {
  const org = join(dir, 'org.yaml');
  writeFileSync(
    org,
    stringify({
      users: [{ email: 'alice@example.com', roles: ['Engineering'] }],
      roles: [{ name: 'Engineering', rules: [{ resources: ['eks-like'] }] }],
      resources: [{ name: 'eks-like', type: 'kubernetes-user-impersonation', cluster: { kubeconfig } }],
    }),
  );
  return org;
}

async function threeRequests(conn: ForegroundConnection): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const r = await kubectl(['get', 'secrets', '-n', 'payments', '-o', 'name'], { kubeconfig: conn.kubeconfigs['eks-like']! });
    expect(r.stdout.trim(), r.stderr).toBe('secret/app-credentials');
  }
}

describe('an exec-plugin leased credential', () => {
  it('is obtained once while it is valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-exec-'));
    const { kubeconfig, calls } = execPluginKubeconfig(dir, 3600);
    const conn = await connectForeground({ org: orgWith(dir, kubeconfig), user: 'alice@example.com', resources: ['eks-like'] });
    connections.push(conn);
    const since = Date.now();
    await threeRequests(conn);
    expect(readFileSync(calls, 'utf8')).toBe('x');
    const event = await auditLog(cluster.auditLog).waitFor(
      (e) => e.impersonatedUser?.username === 'alice@example.com' && e.objectRef?.namespace === 'payments' && e.objectRef.resource === 'secrets' && Date.parse(e.requestReceivedTimestamp) >= since - 1000,
    );
    expect(event.user.username).toBe('gatehouse-leased');
  });

  it('is refreshed once it has expired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-exec-'));
    // Every credential it gives is already expired: each request needs a new one.
    const { kubeconfig, calls } = execPluginKubeconfig(dir, -60);
    const conn = await connectForeground({ org: orgWith(dir, kubeconfig), user: 'alice@example.com', resources: ['eks-like'] });
    connections.push(conn);
    await threeRequests(conn);
    expect(readFileSync(calls, 'utf8').length).toBeGreaterThanOrEqual(3);
  });
});

describe('an auth-provider leased credential', () => {
  async function throughGatehouse(kubeconfig: string, dir: string): Promise<void> {
    const conn = await connectForeground({ org: orgWith(dir, kubeconfig), user: 'alice@example.com', resources: ['eks-like'] });
    connections.push(conn);
    const since = Date.now();
    await threeRequests(conn);
    const event = await auditLog(cluster.auditLog).waitFor(
      (e) => e.impersonatedUser?.username === 'alice@example.com' && e.objectRef?.resource === 'secrets' && Date.parse(e.requestReceivedTimestamp) >= since - 1000,
    );
    expect(event.user.username).toBe('gatehouse-leased');
  }

  it('gcp-style: the command it names is run for the token, once while it is valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-auth-provider-'));
    const calls = join(dir, 'calls');
    writeFileSync(calls, '');
    const helper = join(dir, 'config-helper.mjs');
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    writeFileSync(
      helper,
      `#!${process.execPath}
import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(calls)}, 'x');
process.stdout.write(JSON.stringify({ credential: { access_token: ${JSON.stringify(leasedToken())}, token_expiry: ${JSON.stringify(expiry)} } }));
`,
    );
    chmodSync(helper, 0o755);
    const kubeconfig = kubeconfigWithUser(dir, 'gke-like', {
      'auth-provider': {
        name: 'gcp',
        config: { 'cmd-path': helper, 'cmd-args': 'config config-helper --format=json', 'token-key': '{.credential.access_token}', 'expiry-key': '{.credential.token_expiry}' },
      },
    });
    await throughGatehouse(kubeconfig, dir);
    expect(readFileSync(calls, 'utf8')).toBe('x');
  });

  it('a token file the auth provider names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-auth-provider-'));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, leasedToken());
    await throughGatehouse(kubeconfigWithUser(dir, 'token-file', { 'auth-provider': { name: 'tokenFile', config: { tokenFile } } }), dir);
  });
});
