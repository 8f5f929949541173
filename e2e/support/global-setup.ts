// Vitest global setup: one real test cluster and one real OpenID provider for the whole run,
// shared by every integration test through `inject('cluster')` and `inject('oidc')`. Set
// GATEHOUSE_TEST_CLUSTER_DIR to reuse a cluster that is already running (`npm run cluster -- --dir
// DIR`), and GATEHOUSE_TEST_OIDC_DIR to reuse a running provider (`npx tsx
// e2e/support/oidc/main.ts --dir DIR`), while iterating on tests.
import type { TestProject } from 'vitest/node';
import { clusterInfo, startCluster, type ClusterInfo } from '../cluster/harness';
import { readProviderInfo, type OidcProviderInfo } from './oidc/info';
import { startOidcProvider } from './oidc/harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
    oidc: OidcProviderInfo;
  }
}

function reuse(dir: string): ClusterInfo {
  const kubeconfig = readFileSync(join(dir, 'admin.kubeconfig'), 'utf8');
  const server = /server: (\S+)/.exec(kubeconfig)?.[1];
  if (!server) throw new Error(`GATEHOUSE_TEST_CLUSTER_DIR=${dir}: no server in admin.kubeconfig`);
  return clusterInfo(dir, server);
}

async function setupOidc(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.GATEHOUSE_TEST_OIDC_DIR;
  if (existing) {
    project.provide('oidc', readProviderInfo(existing));
    return async () => {};
  }
  const provider = await startOidcProvider();
  project.provide('oidc', provider.info);
  return () => provider.stop();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The provider starts while the cluster does (it takes a few seconds of its own).
  const oidc = setupOidc(project);
  const existing = process.env.GATEHOUSE_TEST_CLUSTER_DIR;
  if (existing) {
    project.provide('cluster', reuse(existing));
    const stopOidc = await oidc;
    return stopOidc;
  }
  const [cluster, stopOidc] = await Promise.all([startCluster(), oidc]);
  project.provide('cluster', clusterInfo(cluster.dir, cluster.server));
  return async () => {
    await stopOidc();
    await cluster.stop();
  };
}
