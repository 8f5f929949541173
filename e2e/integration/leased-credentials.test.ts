// The leased credential as kubectl would use it: besides a token and a client certificate (see the
// conformance tests), an exec plugin (EKS/GKE style) — called for a fresh credential when the one it
// gave has expired, and not before.
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
