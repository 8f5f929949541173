// Which bindings of a cluster name a group, and what they grant (pure, over an RbacSnapshot).
import type { V1PolicyRule, V1RoleRef, RbacV1Subject } from '@kubernetes/client-node';
import type { GroupBinding, RoleRefStatus } from '../../../shared/admin';
import type { RbacSnapshot } from './rbac-snapshot';
import { summarizeRules } from './rule-summary';

function namesSubject(subjects: readonly RbacV1Subject[] | undefined, kind: 'Group' | 'User', name: string): boolean {
  return (subjects ?? []).some((subject) => subject.kind === kind && subject.name === name);
}

function referencedRules(
  snapshot: RbacSnapshot,
  roleRef: V1RoleRef,
  namespace: string | null,
): { status: RoleRefStatus; rules: V1PolicyRule[] } {
  const candidates =
    roleRef.kind === 'ClusterRole'
      ? snapshot.clusterRoles
      : (snapshot.roles?.filter((role) => role.metadata?.namespace === namespace) ?? null);
  if (candidates === null) return { status: 'unreadable', rules: [] };
  const role = candidates.find((r) => r.metadata?.name === roleRef.name);
  return role ? { status: 'found', rules: role.rules ?? [] } : { status: 'missing', rules: [] };
}

function toGroupBinding(
  snapshot: RbacSnapshot,
  kind: GroupBinding['kind'],
  name: string,
  namespace: string | null,
  roleRef: V1RoleRef,
): GroupBinding {
  const { status, rules } = referencedRules(snapshot, roleRef, namespace);
  return {
    kind,
    name,
    namespace,
    roleRef: { kind: roleRef.kind === 'Role' ? 'Role' : 'ClusterRole', name: roleRef.name },
    roleStatus: status,
    rules: summarizeRules(rules),
  };
}

/** Cluster-wide bindings first, then by namespace and name. */
export function bindingsNamingGroup(snapshot: RbacSnapshot, group: string): GroupBinding[] {
  return bindingsNamingSubject(snapshot, 'Group', group);
}

/** The bindings naming a Group or a User (an identity alias, SPEC §11) among their subjects. */
export function bindingsNamingSubject(snapshot: RbacSnapshot, kind: 'Group' | 'User', group: string): GroupBinding[] {
  const cluster = snapshot.clusterRoleBindings
    .filter((binding) => namesSubject(binding.subjects, kind, group))
    .map((binding) =>
      toGroupBinding(snapshot, 'ClusterRoleBinding', binding.metadata?.name ?? '', null, binding.roleRef),
    );
  const namespaced = snapshot.roleBindings
    .filter((binding) => namesSubject(binding.subjects, kind, group))
    .map((binding) =>
      toGroupBinding(
        snapshot,
        'RoleBinding',
        binding.metadata?.name ?? '',
        binding.metadata?.namespace ?? '',
        binding.roleRef,
      ),
    );
  const byName = (a: GroupBinding, b: GroupBinding): number =>
    (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
  return [...cluster.sort(byName), ...namespaced.sort(byName)];
}
