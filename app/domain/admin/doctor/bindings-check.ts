// `bindings`: every group the org's roles derive is named by at least one RoleBinding or
// ClusterRoleBinding; otherwise that role's members reach the cluster with no rights at all.
import type { DoctorCheck } from '../../../../shared/admin';
import type { Org } from '../../../../shared/org';
import { bindingsNamingGroup } from '../group-bindings';
import type { RbacSnapshot } from '../rbac-snapshot';
import { validRoleGroups } from '../role-groups';
import { count, quotedList } from '../text';
import { ok, warn } from './check-result';

const ID = 'bindings';

/** Pure: the check over an already-read snapshot. */
export function checkBindings(org: Org, snapshot: RbacSnapshot, resourceName: string): DoctorCheck {
  const groups = validRoleGroups(org);
  if (groups.length === 0) return ok(ID, 'no role derives a group that is sent, so no binding is needed');
  const unbound = groups.filter(({ group }) => bindingsNamingGroup(snapshot, group).length === 0);
  if (unbound.length === 0) {
    return ok(ID, `each of the ${count(groups.length, 'role group')} is named by a RoleBinding or ClusterRoleBinding`);
  }
  const roles = unbound.flatMap((entry) => entry.roles);
  const names = unbound.map((entry) => entry.group);
  const finding =
    `members of ${roles.length === 1 ? 'role' : 'roles'} ${quotedList(roles)} get no access: ` +
    `no RoleBinding or ClusterRoleBinding names ${names.length === 1 ? 'its group' : 'their groups'} ${quotedList(names)}`;
  return warn(
    ID,
    finding,
    `bind ${names.length === 1 ? 'the group' : 'each group'} to a Role or ClusterRole; "gatehouse rbac generate ${resourceName}" prints a binding template per group`,
  );
}

/** When the bindings could not be read at all. */
export function bindingsUnreadable(message: string): DoctorCheck {
  return warn(
    ID,
    `not checked: cannot list the cluster's bindings: ${message}`,
    'let the leased identity list rolebindings and clusterrolebindings (see the "reviews" check)',
  );
}
