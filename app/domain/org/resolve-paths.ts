/** Makes the file paths inside an org absolute: relative to the org file (SPEC §2), `~/` to home. */
import path from 'node:path';
import type { ClusterSource, Org } from '../../../shared/org';

/** Path-valued keys of the inline cluster form; the kubeconfig form has only `kubeconfig`. */
const INLINE_PATH_KEYS = ['certificateAuthority', 'tokenFile', 'clientCertificate', 'clientKey'] as const;

/** `~` is expanded because people write `~/.kube/leased` by habit; kubectl-style paths otherwise. */
function resolveFrom(baseDir: string, home: string, file: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
  return path.resolve(baseDir, file);
}

function resolveCluster(cluster: ClusterSource, baseDir: string, home: string): ClusterSource {
  if ('kubeconfig' in cluster) return { ...cluster, kubeconfig: resolveFrom(baseDir, home, cluster.kubeconfig) };
  if ('inCluster' in cluster) return cluster.serviceAccountDir === undefined ? cluster : { ...cluster, serviceAccountDir: resolveFrom(baseDir, home, cluster.serviceAccountDir) };
  const resolved = { ...cluster };
  for (const key of INLINE_PATH_KEYS) {
    const value = resolved[key];
    if (value !== undefined) resolved[key] = resolveFrom(baseDir, home, value);
  }
  return resolved;
}

export function resolveOrgPaths(org: Org, baseDir: string, home: string): Org {
  return {
    ...org,
    resources: org.resources.map((resource) => ({
      ...resource,
      cluster: resolveCluster(resource.cluster, baseDir, home),
    })),
  };
}
