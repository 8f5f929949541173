// `bindings`: every group the org's roles derive is named by at least one RoleBinding or
// ClusterRoleBinding; otherwise that role's members reach the cluster with no rights at all. On
// this resource also (SPEC §11) every explicit group of a rule granting it, and every alias sent
// there (a User subject): an unbound one is a person or rule that gets nothing.
import type { DoctorCheck } from '../../../../shared/admin';
import { explicitGroups, identityFor, type Org } from '../../../../shared/org';
import { bindingsNamingGroup, bindingsNamingSubject } from '../group-bindings';
import type { RbacSnapshot } from '../rbac-snapshot';
import { validRoleGroups } from '../role-groups';
import { count, quotedList } from '../text';
import { ok, warn } from './check-result';

const ID = 'bindings';

/** The explicit groups sent on this resource and the aliases sent there, each with what it is for. */
function resourceSubjects(
  org: Org,
  resourceName: string,
): { groups: Map<string, string>; aliases: Map<string, string> } {
  const groups = new Map<string, string>();
  for (const explicit of explicitGroups(org)) {
    if (explicit.resources.includes(resourceName) && !groups.has(explicit.group))
      groups.set(explicit.group, `rule ${explicit.rule} of role "${explicit.role}"`);
  }
  const aliases = new Map<string, string>();
  for (const user of org.users) {
    const onResource = identityFor(org, user.email)?.identities.find((entry) => entry.resource === resourceName);
    if (onResource?.username && onResource.usernameFrom !== 'email') aliases.set(onResource.username, user.email);
  }
  return { groups, aliases };
}

/** Pure: the check over an already-read snapshot. */
export function checkBindings(org: Org, snapshot: RbacSnapshot, resourceName: string): DoctorCheck {
  const groups = validRoleGroups(org);
  const subjects = resourceSubjects(org, resourceName);
  const unboundExplicit = [...subjects.groups].filter(([group]) => bindingsNamingGroup(snapshot, group).length === 0);
  const unboundAliases = [...subjects.aliases].filter(
    ([alias]) => bindingsNamingSubject(snapshot, 'User', alias).length === 0,
  );
  const unbound = groups.filter(({ group }) => bindingsNamingGroup(snapshot, group).length === 0);
  const findings: string[] = [];
  if (unbound.length > 0) {
    const roles = unbound.flatMap((entry) => entry.roles);
    const names = unbound.map((entry) => entry.group);
    findings.push(
      `members of ${roles.length === 1 ? 'role' : 'roles'} ${quotedList(roles)} get no access: ` +
        `no RoleBinding or ClusterRoleBinding names ${names.length === 1 ? 'its group' : 'their groups'} ${quotedList(names)}`,
    );
  }
  if (unboundExplicit.length > 0) {
    findings.push(
      `no binding names the explicit ${unboundExplicit.length === 1 ? 'group' : 'groups'} ${unboundExplicit.map(([group, from]) => `"${group}" (${from})`).join(', ')}`,
    );
  }
  if (unboundAliases.length > 0) {
    findings.push(
      `no binding names the alias ${unboundAliases.length === 1 ? 'User' : 'Users'} ${unboundAliases.map(([alias, email]) => `"${alias}" (${email})`).join(', ')}; unless a group grants them access, they get none`,
    );
  }
  if (findings.length === 0) {
    if (groups.length === 0 && subjects.groups.size === 0)
      return ok(ID, 'no role derives a group that is sent, so no binding is needed');
    const extra = [
      subjects.groups.size > 0 ? count(subjects.groups.size, 'explicit group') : '',
      subjects.aliases.size > 0 ? `${subjects.aliases.size} ${subjects.aliases.size === 1 ? 'alias' : 'aliases'}` : '',
    ].filter(Boolean);
    const what = [count(groups.length, 'role group'), ...extra].join(', ');
    return ok(ID, `each of the ${what} is named by a RoleBinding or ClusterRoleBinding`);
  }
  const onlyRoleGroups = unboundExplicit.length === 0 && unboundAliases.length === 0;
  const subject = onlyRoleGroups
    ? unbound.length === 1
      ? 'the group'
      : 'each group'
    : unbound.length + unboundExplicit.length + unboundAliases.length === 1
      ? 'it'
      : 'each of them';
  return warn(
    ID,
    findings.join('; '),
    `bind ${subject} to a Role or ClusterRole; "gatehouse rbac generate ${resourceName}" prints a binding template per group`,
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
