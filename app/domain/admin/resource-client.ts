// How the admin tools reach the cluster of a resource: by default with its leased credential.
// Injectable (tests; later the gateway of SPEC §9, which holds the credentials instead).
import type { OrgResource } from '../../../shared/org';
import { clusterClient, type ClusterClient } from './cluster-client';
import { leasedKubeConfig } from './leased-kubeconfig';

export interface ClusterAccessOptions {
  /** Default: the resource's leased credential. May throw (e.g. CredentialError); callers report it. */
  clientFor?: (resource: OrgResource) => ClusterClient | Promise<ClusterClient>;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Async because client-node is loaded on first use (app/domain/proxy/lazy-client-node.ts). */
export async function clientForResource(
  resource: OrgResource,
  options: ClusterAccessOptions = {},
): Promise<ClusterClient> {
  if (options.clientFor) return options.clientFor(resource);
  return clusterClient(await leasedKubeConfig(resource), { timeoutMs: options.timeoutMs });
}
