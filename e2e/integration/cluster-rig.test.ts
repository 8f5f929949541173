// Proves the test cluster is a real Kubernetes control plane before any Gatehouse code is involved:
// the machine's real kubectl, straight at the API server, with the admin and the leased credential.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitForAudit } from '../support/audit';
import { kubectl, spawnKubectl, waitForLine, type KubectlVersion } from '../support/kubectl';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

const cluster = inject('cluster');
const admin = { kubeconfig: cluster.adminKubeconfig };
const leased = { kubeconfig: cluster.leasedKubeconfig };

const running: ChildProcessWithoutNullStreams[] = [];
function track(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  running.push(child);
  return child;
}
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

describe('the test cluster, with real kubectl and no proxy', () => {
  it('lists the seeded pods, all Running on the fake node', async () => {
    const r = await kubectl(['get', 'pods', '-A', '-o', 'json'], admin);
    expect(r.stderr).toBe('');
    const pods = (JSON.parse(r.stdout) as { items: { metadata: { namespace: string; name: string }; status: { phase: string }; spec: { nodeName: string } }[] }).items;
    const byName = new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
    for (const name of ['team-a/web', 'team-a/worker', 'team-b/api', 'payments/ledger']) {
      expect(byName.get(name)?.status.phase, name).toBe('Running');
      expect(byName.get(name)?.spec.nodeName).toBe('gatehouse-node');
    }
  });

  it('delivers a watch event when an object changes', async () => {
    const name = `watched-${randomUUID().slice(0, 8)}`;
    const watch = track(spawnKubectl(['get', 'configmaps', '-n', 'team-a', '--watch', '-o', 'name'], admin));
    // kubectl prints nothing until the watch is established and something changes; creating the
    // object shows up either in the initial list or as an event, and both prove the stream works.
    const seen = waitForLine(watch, new RegExp(`^configmap/${name}$`));
    const created = await kubectl(['create', 'configmap', name, '-n', 'team-a', '--from-literal=k=v'], admin);
    expect(created.code).toBe(0);
    expect((await seen)[0]).toBe(`configmap/${name}`);
  });

  const execModes: { label: string; version: KubectlVersion; env?: Record<string, string> }[] = [
    { label: 'websocket (kubectl 1.33)', version: '1.33' },
    { label: 'SPDY (kubectl 1.33, websockets off)', version: '1.33', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' } },
    { label: 'SPDY (kubectl 1.27)', version: '1.27' },
  ];
  for (const mode of execModes) {
    it(`exec over ${mode.label}: stdout, stderr, exit code and stdin`, async () => {
      const opts = { ...admin, version: mode.version, env: mode.env };
      const r = await kubectl(['exec', '-n', 'team-a', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], opts);
      expect(r.stdout).toBe('out\n');
      expect(r.stderr).toContain('err\n');
      expect(r.code).toBe(3);
      const echo = await kubectl(['exec', '-i', '-n', 'team-a', 'web', '--', 'cat'], { ...opts, stdin: 'round trip\n' });
      expect(echo.stdout).toBe('round trip\n');
      expect(echo.code).toBe(0);
    });
  }

  it('follows logs as new lines are written (logs -f)', async () => {
    const logs = track(spawnKubectl(['logs', '-f', '-n', 'team-a', 'web'], admin));
    await waitForLine(logs, /^started team-a\/web container web$/);
    const first = Number((await waitForLine(logs, /^tick (\d+)$/))[1]);
    const next = Number((await waitForLine(logs, /^tick (\d+)$/))[1]);
    expect(next).toBe(first + 1);
  });

  it('attaches: stdin reaches the main process and its output comes back', async () => {
    const r = await kubectl(['attach', '-i', '-n', 'team-a', 'worker'], { ...admin, stdin: 'hello main process\n' });
    expect(r.stdout).toContain('stdin: hello main process');
  });

  it('copies files both ways (kubectl cp)', async () => {
    const local = mkdtempSync(join(tmpdir(), 'gatehouse-cp-'));
    const payload = `payload ${randomUUID()}\n`;
    writeFileSync(join(local, 'up.txt'), payload);
    const up = await kubectl(['cp', 'up.txt', 'team-a/web:uploaded.txt'], { ...admin, cwd: local });
    expect(up.code, up.stderr).toBe(0);
    const cat = await kubectl(['exec', '-n', 'team-a', 'web', '--', 'cat', 'uploaded.txt'], admin);
    expect(cat.stdout).toBe(payload);
    const down = await kubectl(['cp', 'team-a/web:uploaded.txt', 'down.txt'], { ...admin, cwd: local });
    expect(down.code, down.stderr).toBe(0);
    expect(readFileSync(join(local, 'down.txt'), 'utf8')).toBe(payload);
  });

  const forwardModes: { label: string; version: KubectlVersion; env?: Record<string, string> }[] = [
    { label: 'websocket tunnelling (kubectl 1.33)', version: '1.33' },
    { label: 'SPDY (kubectl 1.33, websockets off)', version: '1.33', env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } },
    { label: 'SPDY (kubectl 1.27)', version: '1.27' },
  ];
  for (const mode of forwardModes) {
    it(`port-forwards HTTP over ${mode.label}`, async () => {
      const pf = track(spawnKubectl(['port-forward', '-n', 'team-a', 'pod/web', ':8080'], { ...admin, version: mode.version, env: mode.env }));
      const port = (await waitForLine(pf, /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080$/))[1];
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(await res.text()).toBe('hello from team-a/web\n');
    });
  }

  it('lets the leased identity impersonate, and the audit log names the person', async () => {
    const email = `alice+${randomUUID().slice(0, 8)}@example.com`;
    const r = await kubectl(['--as', email, '--as-group', 'engineering', 'get', 'secrets', '-n', 'team-a', '-o', 'name'], leased);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('secret/app-credentials');
    const event = await waitForAudit(
      cluster.auditLog,
      (e) => e.impersonatedUser?.username === email && e.objectRef?.resource === 'secrets' && e.verb === 'list',
    );
    expect(event.user.username).toBe('gatehouse-leased');
    // The API server adds system:authenticated to every impersonated user.
    expect(event.impersonatedUser?.groups).toEqual(['engineering', 'system:authenticated']);
    expect(event.responseStatus?.code).toBe(200);
  });

  it('gives the leased identity itself no access beyond impersonation and reviews', async () => {
    const secrets = await kubectl(['get', 'secrets', '-n', 'team-a'], leased);
    expect(secrets.code).toBe(1);
    expect(secrets.stderr).toContain('forbidden');
    const canImpersonate = await kubectl(['auth', 'can-i', 'impersonate', 'users'], leased);
    expect(canImpersonate.stdout.trim()).toBe('yes');
    const bindings = await kubectl(['get', 'clusterrolebindings', '-o', 'name'], leased);
    expect(bindings.stdout).toContain('clusterrolebinding.rbac.authorization.k8s.io/engineering-secret-reader');
  });

  it('applies RBAC to impersonated users: an unbound group gets nothing', async () => {
    const r = await kubectl(['--as', 'carol@example.com', '--as-group', 'datascience', 'get', 'pods', '-n', 'team-a'], leased);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('User "carol@example.com" cannot list resource "pods"');
  });
});
