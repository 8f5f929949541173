/**
 * Who a person is on one resource (SPEC §11): the one function the loopback proxy, the gateway,
 * whoami, /v1/me, the previews and the UI all use, so what is shown is what is sent.
 *
 * - username: the email (`impersonation` absent or `{user: email}`), or the person's alias in the
 *   resource's identity set (`{identitySet: <set>}`). No alias → no username and a `problem`: the
 *   person cannot connect. There is never a fallback to the email.
 * - groups, deduplicated, first source wins, in this order: the valid groups derived from the
 *   person's roles (SPEC §3, `role:<role>`, role order); the explicit groups of every rule of those
 *   roles that grants THIS resource (`rule:<role>#<n>`, n counts the role's rules from 1, as a
 *   person reads them; role order, then rule order); `system:authenticated` (`always`).
 */
import type { GroupSource, ResourceIdentity } from './api';
import type { Org, OrgResource, OrgUser } from './org-schema';
import { deriveUserGroups, groupProblem, roleToGroup, SYSTEM_AUTHENTICATED } from './roles';
import { ruleMatches } from './rule-matches';

export type { ResourceIdentity, UsernameSource } from './api';

/** The identity set a resource impersonates aliases of, or undefined for the email. */
export function identitySetOf(resource: OrgResource): string | undefined {
  return resource.impersonation?.identitySet;
}

function groupsFor(org: Org, user: OrgUser, resource: OrgResource): GroupSource[] {
  const roles = [...new Set(user.roles)];
  const groups: GroupSource[] = [];
  const add = (name: string, from: string): void => {
    if (groupProblem(name) === null && !groups.some((group) => group.name === name)) groups.push({ name, from });
  };
  const derived = new Set(
    deriveUserGroups(
      roles,
      org.roles.map((role) => role.name),
    ).groups,
  );
  for (const role of roles) {
    const group = roleToGroup(role);
    if (derived.has(group)) add(group, `role:${role}`);
  }
  for (const roleName of roles) {
    const role = org.roles.find((candidate) => candidate.name === roleName);
    role?.rules.forEach((rule, index) => {
      if (!ruleMatches(rule, resource)) return;
      for (const group of rule.groups ?? []) add(group, `rule:${roleName}#${index + 1}`);
    });
  }
  // Explicit groups cannot be system:authenticated (system: is refused), so it is always last.
  groups.push({ name: SYSTEM_AUTHENTICATED, from: 'always' });
  return groups;
}

/**
 * The identity of `user` on `resource`, whether or not a rule grants it (callers decide access;
 * `resourceIdentities` lists only what is granted).
 */
export function identityOnResource(org: Org, user: OrgUser, resource: OrgResource): ResourceIdentity {
  const groups = groupsFor(org, user, resource);
  const set = identitySetOf(resource);
  if (set === undefined)
    return { resource: resource.name, username: user.email, usernameFrom: 'email', groups, problem: null };
  const alias = user.aliases?.[set];
  if (alias !== undefined)
    return { resource: resource.name, username: alias, usernameFrom: `alias:${set}`, groups, problem: null };
  const problem = `${user.email} has no alias in identity set "${set}", which resource "${resource.name}" impersonates; an org admin must add users[].aliases.${set} for them`;
  return { resource: resource.name, username: null, usernameFrom: `alias:${set}`, groups, problem };
}
