/**
 * Where each part of a person's identity comes from, for whoami, the gateway's /v1/me and the
 * identity panel: a role from the org file or from the IdP's groups claim (gateway mode), a group
 * from the first of the person's roles that derives it (SPEC §3), system:authenticated always.
 * Pure, from the same role → group analysis the proxy sends, so what is shown is what is sent.
 */
import type { GroupSource, Identity, RoleSource } from './api';
import type { UserIdentity } from './org-access';
import { groupProblem, roleToGroup, SYSTEM_AUTHENTICATED } from './roles';

export interface IdentitySources {
  roleSources: RoleSource[];
  groupSources: GroupSource[];
}

/**
 * `roles` are the roles the person holds (org roles first, then any the IdP added); `orgRoles` those
 * the org file gives them; `sentGroups` the groups actually sent (system:authenticated included).
 */
export function identitySources(
  roles: readonly string[],
  orgRoles: readonly string[],
  sentGroups: readonly string[],
): IdentitySources {
  const fromOrg = new Set(orgRoles);
  const distinct = [...new Set(roles)];
  const firstRoleOf = new Map<string, string>();
  for (const role of distinct) {
    const group = roleToGroup(role);
    if (groupProblem(group) === null && !firstRoleOf.has(group)) firstRoleOf.set(group, role);
  }
  return {
    roleSources: distinct.map((role) => ({ role, from: fromOrg.has(role) ? 'org' : 'idp' })),
    groupSources: sentGroups.map((name) => ({
      name,
      from:
        name === SYSTEM_AUTHENTICATED ? 'always' : firstRoleOf.has(name) ? `role:${firstRoleOf.get(name)}` : 'unknown',
    })),
  };
}

/**
 * An org user's identity as the API says it (whoami, the identity panel): SPEC §7's fields, where
 * each role and group comes from, and the identity on each resource. In local mode every role is
 * the org file's.
 */
export function apiIdentity(id: UserIdentity): Identity {
  return {
    email: id.email,
    name: id.name,
    roles: id.roles,
    groups: id.groups,
    warnings: id.warnings,
    resources: id.resources,
    ...identitySources(id.roles, id.roles, id.groups),
    identities: id.identities,
  };
}
