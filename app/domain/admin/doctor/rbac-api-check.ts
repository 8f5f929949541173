// `rbac-api`: the cluster serves rbac.authorization.k8s.io/v1. Without RBAC (e.g. an AKS cluster
// created with RBAC disabled) the impersonated groups are ignored and bindings mean nothing.
import type { DoctorCheck } from '../../../../shared/admin';
import { describeClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import { fail, ok } from './check-result';

const ID = 'rbac-api';
const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface RbacApiResult {
  check: DoctorCheck;
  served: boolean;
}

export async function checkRbacApi(client: ClusterClient): Promise<RbacApiResult> {
  let groups;
  try {
    groups = (await client.apis.getAPIVersions()).groups;
  } catch (err) {
    const failure = describeClusterFailure(err);
    return {
      check: fail(
        ID,
        `cannot list the API groups (/apis): ${failure.message}`,
        'allow the leased identity API discovery (system:discovery, default for authenticated users)',
      ),
      served: false,
    };
  }
  const rbac = groups.find((group) => group.name === RBAC_GROUP);
  if (rbac?.versions.some((version) => version.version === 'v1')) {
    return { check: ok(ID, `${RBAC_GROUP}/v1 is served`), served: true };
  }
  const finding = `${RBAC_GROUP}/v1 is not served: the cluster does not authorize with RBAC, so it ignores the impersonated groups (e.g. AKS created without RBAC)`;
  return {
    check: fail(
      ID,
      finding,
      'enable RBAC on the cluster (kube-apiserver --authorization-mode including RBAC; on AKS recreate the cluster with RBAC enabled)',
    ),
    served: false,
  };
}
