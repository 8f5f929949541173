// The cluster checks of SPEC §6 for each resource, in a fixed order; a check that cannot run
// because an earlier one failed is reported as "not checked" rather than left out, so the list
// of checks is the same for every resource.
import type { DoctorCheck, DoctorReport, ResourceDoctorReport } from '../../../../shared/admin';
import type { Org, OrgResource } from '../../../../shared/org';
import { describeClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import { impersonationTargets } from '../impersonation-targets';
import { readRbacSnapshot } from '../rbac-snapshot';
import { clientForResource, type ClusterAccessOptions } from '../resource-client';
import { selectResources } from '../select-resources';
import { bindingsUnreadable, checkBindings } from './bindings-check';
import { notChecked } from './check-result';
import { checkImpersonate } from './impersonate-check';
import { checkRbacApi } from './rbac-api-check';
import { checkReachable } from './reachable-check';
import { checkReviews } from './reviews-check';
import { checkRoles } from './roles-check';

export interface DoctorOptions extends ClusterAccessOptions {
  /** Resource names; default all. Unknown names throw UnknownResourceError. */
  resources?: string[];
}

async function bindingsCheck(org: Org, client: ClusterClient, resourceName: string): Promise<DoctorCheck> {
  try {
    return checkBindings(org, await readRbacSnapshot(client), resourceName);
  } catch (err) {
    return bindingsUnreadable(describeClusterFailure(err).message);
  }
}

export async function doctorResource(
  org: Org,
  resource: OrgResource,
  options: ClusterAccessOptions = {},
): Promise<ResourceDoctorReport> {
  const roles = checkRoles(org);
  const reachable = await checkReachable(() => clientForResource(resource, options), resource.name);
  const client = reachable.client;
  if (client === null) {
    const because = 'the cluster API is not reachable';
    return {
      name: resource.name,
      checks: [
        reachable.check,
        notChecked('rbac-api', because, 'reachable'),
        notChecked('impersonate', because, 'reachable'),
        notChecked('reviews', because, 'reachable'),
        notChecked('bindings', because, 'reachable'),
        roles,
      ],
    };
  }
  const targets = impersonationTargets(org, resource.name);
  const [rbacApi, impersonate, reviews] = await Promise.all([
    checkRbacApi(client),
    checkImpersonate(client, targets, resource.name, reachable.leasedUser),
    checkReviews(client, reachable.leasedUser),
  ]);
  const bindings = rbacApi.served
    ? await bindingsCheck(org, client, resource.name)
    : notChecked('bindings', 'the RBAC API is not served', 'rbac-api');
  return { name: resource.name, checks: [reachable.check, rbacApi.check, impersonate, reviews, bindings, roles] };
}

/** Resources are checked in parallel: each is its own cluster (or at least its own credential). */
export async function runDoctor(org: Org, options: DoctorOptions = {}): Promise<DoctorReport> {
  const resources = selectResources(org, options.resources);
  return { resources: await Promise.all(resources.map((resource) => doctorResource(org, resource, options))) };
}
