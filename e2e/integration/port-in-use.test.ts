// A resource's port is stable; when something else holds it, connecting fails with a message that
// names the port and how to change it — Gatehouse never silently moves to another port.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { demoOrgCopy, runGatehouse } from '../support/gatehouse-cli';

const cluster = inject('cluster');

describe('a port already in use', () => {
  it('is a clear error naming the port and the org file setting to change', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const home = mkdtempSync(join(tmpdir(), 'gatehouse-port-'));
      const org = demoOrgCopy(cluster.dir, home);
      writeFileSync(org, readFileSync(org, 'utf8').replace('  - name: staging\n    type: kubernetes-user-impersonation\n', `  - name: staging\n    type: kubernetes-user-impersonation\n    port: ${port}\n`));
      const r = await runGatehouse(['connect', 'staging', '--foreground', '--org', org, '--user', 'alice@example.com'], home);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`gatehouse connect: port ${port} for resource "staging" is already in use on 127.0.0.1; stop what uses it or change "port:" of resource "staging" in ${org}`);
    } finally {
      blocker.close();
    }
  });
});
