// Who the cluster thinks the leased credential is, from the cluster itself (SelfSubjectReview,
// authentication.k8s.io/v1, Kubernetes ≥1.28): a kubeconfig's user *entry* name says nothing
// about the username the API server derives from a token or certificate.
import { GatehouseError } from '../../../shared/errors';
import type { ClusterClient } from './cluster-client';
import { describeClusterFailure } from './cluster-failure';

/** Kind `unavailable`: the cluster could not say (SPEC §7: exit 1). */
export class LeasedIdentityUnknown extends GatehouseError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

export async function leasedUsername(client: ClusterClient): Promise<string> {
  let username: string | undefined;
  try {
    const review = await client.authentication.createSelfSubjectReview({
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    username = review.status?.userInfo?.username;
  } catch (err) {
    const failure = describeClusterFailure(err);
    const hint =
      failure.kind === 'not-found'
        ? ' (authentication.k8s.io/v1 SelfSubjectReview is served from Kubernetes 1.28 on)'
        : '';
    throw new LeasedIdentityUnknown(`SelfSubjectReview at ${client.server} failed: ${failure.message}${hint}`);
  }
  if (!username) throw new LeasedIdentityUnknown(`SelfSubjectReview at ${client.server} returned no username`);
  return username;
}
