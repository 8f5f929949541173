/**
 * Who may reach which resource, and as which identity (SPEC §2, §3, §7). Pure functions of a
 * validated org; the proxy, CLI and UI share them so they can never disagree.
 */
import type { AccessRule, Org, OrgUser } from './org-schema';
import { identityOnResource, type ResourceIdentity } from './resource-identity';
import { analyzeRoles, deriveUserGroups, type GroupWarning, type RoleMapping } from './roles';
import { ruleMatches } from './rule-matches';

export { ruleMatches } from './rule-matches';
export { identityOnResource, identitySetOf, type ResourceIdentity, type UsernameSource } from './resource-identity';

/** Emails are compared ignoring case, as the duplicate check does. */
export function findUser(org: Org, email: string): OrgUser | undefined {
  const wanted = email.toLowerCase();
  return org.users.find((user) => user.email.toLowerCase() === wanted);
}

function rulesOfRoles(org: Org, roleNames: readonly string[]): AccessRule[] {
  const held = new Set(roleNames);
  return org.roles.filter((role) => held.has(role.name)).flatMap((role) => role.rules);
}

/** Names of the resources granted to a user (ANY rule of ANY of their roles), in org order; [] if unknown. */
export function resourcesForUser(org: Org, email: string): string[] {
  const user = findUser(org, email);
  if (user === undefined) return [];
  const rules = rulesOfRoles(org, user.roles);
  return org.resources
    .filter((resource) => rules.some((rule) => ruleMatches(rule, resource)))
    .map((resource) => resource.name);
}

/**
 * A user as the cluster will see them. Serialized, it is SPEC §7 `whoami --json`: `groups` are the
 * groups actually sent (system:authenticated included); `roleGroups` are only the role-derived
 * ones (what RBAC bindings are written for).
 */
export interface UserIdentity {
  email: string;
  name: string | null;
  roles: string[];
  groups: string[];
  roleGroups: string[];
  warnings: GroupWarning[];
  resources: string[];
  /** Per assigned resource, in `resources` order: the username and groups sent there (SPEC §11). */
  identities: ResourceIdentity[];
}

/** The identity of a user of the org, or undefined when no user has this email. */
export function identityFor(org: Org, email: string): UserIdentity | undefined {
  const user = findUser(org, email);
  if (user === undefined) return undefined;
  const derived = deriveUserGroups(
    user.roles,
    org.roles.map((role) => role.name),
  );
  return {
    email: user.email,
    name: user.name ?? null,
    roles: [...user.roles],
    groups: derived.sentGroups,
    roleGroups: derived.groups,
    warnings: derived.warnings,
    resources: resourcesForUser(org, user.email),
    identities: resourceIdentities(org, user),
  };
}

/** The identity on each resource granted to `user`, in org order. */
export function resourceIdentities(org: Org, user: OrgUser): ResourceIdentity[] {
  const granted = new Set(resourcesForUser(org, user.email));
  return org.resources
    .filter((resource) => granted.has(resource.name))
    .map((resource) => identityOnResource(org, user, resource));
}

/** An explicit group of one access rule (SPEC §11), as `roles preview` lists it. */
export interface ExplicitGroup {
  group: string;
  role: string;
  /** The rule's place in the role's `rules`, counted from 1 (as in `rule:<role>#<n>`). */
  rule: number;
  /** The group's source as identities name it: `rule:<role>#<n>`. */
  from: string;
  /** Resources the rule grants (where the group is sent), in org order. */
  resources: string[];
  /** Holders of the role. */
  users: string[];
}

/** SPEC §7 `roles preview --json`, plus (SPEC §11) every rule's explicit groups. */
export interface RolesPreview {
  roles: RoleMapping[];
  explicitGroups: ExplicitGroup[];
}

/** Every explicit group of every rule, in org order (roles, then rules, then groups). */
export function explicitGroups(org: Org): ExplicitGroup[] {
  return org.roles.flatMap((role) => {
    const users = org.users.filter((user) => user.roles.includes(role.name)).map((user) => user.email);
    return role.rules.flatMap((rule, index) =>
      (rule.groups ?? []).map((group) => ({
        group,
        role: role.name,
        rule: index + 1,
        from: `rule:${role.name}#${index + 1}`,
        resources: org.resources.filter((resource) => ruleMatches(rule, resource)).map((resource) => resource.name),
        users,
      })),
    );
  });
}

/** Every defined role → group with collisions and invalid groups, and who holds each role. */
export function rolesPreview(org: Org): RolesPreview {
  const usersByRole = new Map<string, string[]>();
  for (const user of org.users) {
    for (const role of new Set(user.roles)) usersByRole.set(role, [...(usersByRole.get(role) ?? []), user.email]);
  }
  return {
    roles: analyzeRoles(
      org.roles.map((role) => role.name),
      usersByRole,
    ),
    explicitGroups: explicitGroups(org),
  };
}
