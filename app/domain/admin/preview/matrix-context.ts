// Everything a can-i matrix on one resource needs besides the person: the client and the rows.
// Prepared once per resource and shared by every user's matrix.
import type { CanIResource } from '../../../../shared/admin';
import type { Org, OrgResource } from '../../../../shared/org';
import { describeClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import { readRbacSnapshot, type RbacSnapshot } from '../rbac-snapshot';
import { clientForResource, type ClusterAccessOptions } from '../resource-client';
import { validRoleGroups } from '../role-groups';
import type { CanIMatrixSpec } from './can-i-matrix';
import { DEFAULT_CAN_I_RESOURCES, DEFAULT_CAN_I_VERBS, DEFAULT_MAX_NAMESPACES } from './can-i-defaults';
import { chooseMatrixNamespaces } from './matrix-namespaces';

export interface MatrixOptions extends ClusterAccessOptions {
  verbs?: readonly string[];
  canIResources?: readonly CanIResource[];
  /** Explicit namespace rows; default: chosen from the cluster (see matrix-namespaces.ts). */
  namespaces?: readonly string[];
  maxNamespaces?: number;
  /** Reviews in flight per matrix; default 8. */
  concurrency?: number;
}

export type MatrixContext = { client: ClusterClient; spec: CanIMatrixSpec } | { error: string };

async function existingNamespaces(client: ClusterClient): Promise<string[] | null> {
  try {
    const list = await client.core.listNamespace();
    return list.items.flatMap((ns) => (ns.metadata?.name ? [ns.metadata.name] : []));
  } catch {
    return null; // the leased identity usually may not list namespaces; the bindings still tell enough
  }
}

async function optionalSnapshot(client: ClusterClient): Promise<RbacSnapshot | null> {
  try {
    return await readRbacSnapshot(client);
  } catch {
    return null;
  }
}

async function chooseNamespaces(
  org: Org,
  resource: OrgResource,
  client: ClusterClient,
  max: number,
): Promise<string[]> {
  const [existing, snapshot] = await Promise.all([existingNamespaces(client), optionalSnapshot(client)]);
  const orgGroups = new Set(validRoleGroups(org).map((entry) => entry.group));
  const roleBindings = snapshot?.roleBindings ?? [];
  const namespaceOf = (binding: (typeof roleBindings)[number]): string => binding.metadata?.namespace ?? '';
  const bindingTheOrg = roleBindings
    .filter((binding) => (binding.subjects ?? []).some((s) => s.kind === 'Group' && orgGroups.has(s.name)))
    .map(namespaceOf);
  return chooseMatrixNamespaces({
    preferred: resource.healthcheckNamespace,
    bindingTheOrg,
    withRoleBindings: roleBindings.map(namespaceOf),
    existing,
    max,
  });
}

export async function prepareMatrixContext(
  org: Org,
  resource: OrgResource,
  options: MatrixOptions = {},
): Promise<MatrixContext> {
  let client: ClusterClient;
  try {
    client = await clientForResource(resource, options);
  } catch (err) {
    return { error: describeClusterFailure(err).message };
  }
  const namespaces = options.namespaces
    ? [...options.namespaces]
    : await chooseNamespaces(org, resource, client, options.maxNamespaces ?? DEFAULT_MAX_NAMESPACES);
  return {
    client,
    spec: {
      verbs: options.verbs ?? DEFAULT_CAN_I_VERBS,
      resources: options.canIResources ?? DEFAULT_CAN_I_RESOURCES,
      namespaces,
    },
  };
}
