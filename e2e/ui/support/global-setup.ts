// Playwright global setup: one real test cluster for the UI tests (as for the integration tests),
// passed to the workers through an environment variable. GATEHOUSE_TEST_CLUSTER_DIR reuses one.
import { startCluster, clusterInfo, type ClusterInfo } from '../../cluster/harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLUSTER_ENV = 'GATEHOUSE_E2E_CLUSTER';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const existing = process.env.GATEHOUSE_TEST_CLUSTER_DIR;
  if (existing) {
    const server = /server: (\S+)/.exec(readFileSync(join(existing, 'admin.kubeconfig'), 'utf8'))?.[1] ?? '';
    process.env[CLUSTER_ENV] = JSON.stringify(clusterInfo(existing, server));
    return async () => {};
  }
  const cluster = await startCluster();
  process.env[CLUSTER_ENV] = JSON.stringify(clusterInfo(cluster.dir, cluster.server));
  return () => cluster.stop();
}

export function e2eCluster(): ClusterInfo {
  const raw = process.env[CLUSTER_ENV];
  if (!raw) throw new Error(`${CLUSTER_ENV} is not set: run through playwright.config.ts (globalSetup)`);
  return JSON.parse(raw) as ClusterInfo;
}
