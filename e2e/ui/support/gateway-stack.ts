// The real gateway-mode stack for a UI test (SPEC §10), started once per Playwright worker: the
// test cluster (global setup), the real test OpenID provider with its own login page
// (e2e/support/oidc), and a real `gatehouse gateway` process holding a copy of the demo org and
// its leased credentials. Then, per test, `gatehouse ui --browser` in a fresh home: the desktop
// side, which signs in at that gateway. Nothing here imitates a component.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ClusterInfo } from '../../cluster/harness';
import { demoOrgCopy, spawnGatehouse } from '../../support/gatehouse-cli';
import { startGateway, writeGatewayConfig, type GatewayConfig, type GatewayReplica } from '../../support/gateway';
import { waitForLine } from '../../support/kubectl';
import { startOidcProvider, type RunningOidcProvider } from '../../support/oidc/harness';
import { e2eCluster } from './global-setup';

export interface GatewayStack {
  cluster: ClusterInfo;
  oidc: RunningOidcProvider;
  config: GatewayConfig;
  gateway: GatewayReplica;
  /**
   * The CA file a person is given for this gateway: the gateway's CA (pinned for the gateway) and
   * the provider's (trusted for the IdP besides the system's), both private here.
   */
  caFile: string;
}

export interface GatewayDesktop {
  /** The one-time link `gatehouse ui --browser` printed. */
  url: string;
  home: string;
  kubeconfig: string;
  process: ChildProcessWithoutNullStreams;
  /** Everything it printed on stderr so far (for a failing test's message). */
  stderr(): string;
}

export const test = base.extend<{ desktop: GatewayDesktop }, { stack: GatewayStack }>({
  stack: [
    // Playwright reads the fixture's dependencies from this (empty) destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cluster = e2eCluster();
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ui-gateway-'));
      const oidc = await startOidcProvider();
      let gateway: GatewayReplica | null = null;
      try {
        const config = writeGatewayConfig({
          dir: join(dir, 'gateway'),
          org: demoOrgCopy(cluster.dir, dir),
          oidc: oidc.info,
        });
        gateway = await startGateway(config);
        const caFile = join(dir, 'gatehouse-ca.pem');
        writeFileSync(caFile, `${config.caPem.trim()}\n${readFileSync(oidc.info.caFile, 'utf8').trim()}\n`);
        await use({ cluster, oidc, config, gateway, caFile });
      } finally {
        await gateway?.stop();
        await oidc.stop();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  // eslint-disable-next-line no-empty-pattern
  desktop: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'gatehouse-ui-desktop-'));
    const kubeconfig = join(home, 'kube', 'config');
    const child = spawnGatehouse(['ui', '--browser'], home, { KUBECONFIG: kubeconfig });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await waitForLine(child, /^open (\S+)$/).catch((err: unknown) => {
      throw new Error(`gatehouse ui --browser did not start: ${(err as Error).message}\n${stderr}`, { cause: err });
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await use({ url: url[1]!, home, kubeconfig, process: child, stderr: () => stderr });
    child.kill('SIGTERM');
    await exited;
  },
});

export { expect } from '@playwright/test';
