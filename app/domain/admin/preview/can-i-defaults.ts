// What the can-i matrix asks by default: what people actually do with kubectl day to day — read
// and change workloads, exec and logs, secrets (the sensitive one), and namespaces cluster-wide.
import type { CanIResource } from '../../../../shared/admin';

export const DEFAULT_CAN_I_VERBS: readonly string[] = ['get', 'list', 'create', 'delete'];

function core(resource: string, subresource: string | null = null, namespaced = true): CanIResource {
  return { label: subresource ? `${resource}/${subresource}` : resource, group: '', resource, subresource, namespaced };
}

export const DEFAULT_CAN_I_RESOURCES: readonly CanIResource[] = [
  core('pods'),
  core('pods', 'exec'),
  core('pods', 'log'),
  core('secrets'),
  core('configmaps'),
  { label: 'deployments.apps', group: 'apps', resource: 'deployments', subresource: null, namespaced: true },
  core('namespaces', null, false),
];

/** Rows beyond the cluster-wide one; each costs verbs × namespaced resources reviews. */
export const DEFAULT_MAX_NAMESPACES = 6;
