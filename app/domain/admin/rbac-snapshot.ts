// The cluster's RBAC objects as the leased identity can read them: one read per resource, then
// every role and group of the org is looked up in memory.
import type { V1ClusterRole, V1ClusterRoleBinding, V1Role, V1RoleBinding } from '@kubernetes/client-node';
import type { ClusterClient } from './cluster-client';

export interface RbacSnapshot {
  clusterRoleBindings: V1ClusterRoleBinding[];
  roleBindings: V1RoleBinding[];
  /** null when the leased identity may not list them: the bindings are known, their rules are not. */
  clusterRoles: V1ClusterRole[] | null;
  roles: V1Role[] | null;
}

async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch {
    return null;
  }
}

/** Throws (an ApiException / network error) when the bindings themselves cannot be listed. */
export async function readRbacSnapshot(client: ClusterClient): Promise<RbacSnapshot> {
  const [clusterRoleBindings, roleBindings, clusterRoles, roles] = await Promise.all([
    client.rbac.listClusterRoleBinding(),
    client.rbac.listRoleBindingForAllNamespaces(),
    orNull(client.rbac.listClusterRole()),
    orNull(client.rbac.listRoleForAllNamespaces()),
  ]);
  return {
    clusterRoleBindings: clusterRoleBindings.items,
    roleBindings: roleBindings.items,
    clusterRoles: clusterRoles?.items ?? null,
    roles: roles?.items ?? null,
  };
}
