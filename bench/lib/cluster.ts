// The real test cluster: started for this run, or one already running (BENCH_CLUSTER_DIR, as
// written by `npm run cluster -- --dir DIR`), which saves its start-up and keeps the fixtures.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clusterInfo, startCluster, type ClusterInfo } from '../../e2e/cluster/harness';

export interface BenchCluster extends ClusterInfo {
  /** Stops a cluster this run started and deletes its directory (etcd data, logs); leaves a reused one alone. */
  stop(): Promise<void>;
}

export async function acquireCluster(): Promise<BenchCluster> {
  const dir = process.env.BENCH_CLUSTER_DIR;
  if (!dir) {
    const started = await startCluster();
    return {
      ...started,
      async stop() {
        await started.stop();
        rmSync(started.dir, { recursive: true, force: true });
      },
    };
  }
  const server = readFileSync(join(dir, 'admin.kubeconfig'), 'utf8').match(/server:\s*(\S+)/)?.[1];
  if (!server) throw new Error(`BENCH_CLUSTER_DIR=${dir}: admin.kubeconfig has no server`);
  return { ...clusterInfo(dir, server), stop: async () => {} };
}
