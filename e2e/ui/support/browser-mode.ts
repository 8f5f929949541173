// A real `gatehouse ui --browser` for one test: its own app data, the demo org offered as "the
// demo", and a temporary kubeconfig as the target of "Update kubectl configuration".
import { test as base } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { demoOrgCopy, spawnGatehouse } from '../../support/gatehouse-cli';
import { waitForLine } from '../../support/kubectl';
import { e2eCluster } from './global-setup';
import type { ClusterInfo } from '../../cluster/harness';

export interface BrowserMode {
  url: string;
  home: string;
  org: string;
  kubeconfig: string;
  cluster: ClusterInfo;
  process: ChildProcessWithoutNullStreams;
}

export const test = base.extend<{ gatehouse: BrowserMode }>({
  // Playwright reads the fixture's dependencies from this (empty) destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  gatehouse: async ({}, use) => {
    const cluster = e2eCluster();
    const home = mkdtempSync(join(tmpdir(), 'gatehouse-ui-'));
    const org = demoOrgCopy(cluster.dir, home);
    const kubeconfig = join(home, 'kube', 'config');
    const child = spawnGatehouse(['ui', '--browser'], home, { GATEHOUSE_DEMO_ORG: org, KUBECONFIG: kubeconfig });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await waitForLine(child, /^open (\S+)$/).catch((err: unknown) => {
      throw new Error(`gatehouse ui --browser did not start: ${(err as Error).message}\n${stderr}`, { cause: err });
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await use({ url: url[1]!, home, org, kubeconfig, cluster, process: child });
    child.kill('SIGTERM');
    await exited;
  },
});

export { expect } from '@playwright/test';
