// Vitest global setup: one real test cluster for the whole run, shared by every integration test
// through `inject('cluster')`. Set GATEHOUSE_TEST_CLUSTER_DIR to reuse a cluster that is already
// running (`npm run cluster -- --dir DIR`) while iterating on tests.
import type { TestProject } from 'vitest/node';
import { clusterInfo, startCluster, type ClusterInfo } from '../cluster/harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

function reuse(dir: string): ClusterInfo {
  const kubeconfig = readFileSync(join(dir, 'admin.kubeconfig'), 'utf8');
  const server = /server: (\S+)/.exec(kubeconfig)?.[1];
  if (!server) throw new Error(`GATEHOUSE_TEST_CLUSTER_DIR=${dir}: no server in admin.kubeconfig`);
  return clusterInfo(dir, server);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.GATEHOUSE_TEST_CLUSTER_DIR;
  if (existing) {
    project.provide('cluster', reuse(existing));
    return async () => {};
  }
  const cluster = await startCluster();
  project.provide('cluster', clusterInfo(cluster.dir, cluster.server));
  return () => cluster.stop();
}
