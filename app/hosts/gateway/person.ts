// Who a verified token is in the org (SPEC §10): the username claim must be an org user; IdP
// groups whose names equal org role names add those roles. Then the very code local mode uses
// (shared/org.ts identityFor) decides the groups, warnings and resources, so the two modes can
// never disagree about a person.
import { identityFor, type Org, type UserIdentity } from '../../../shared/org';
import { findUser } from '../../../shared/org';

/** Roles the person holds: the org's, then IdP groups equal to a role name (in org role order). */
export function rolesOf(org: Org, orgRoles: readonly string[], idpGroups: readonly string[]): string[] {
  const held = new Set(orgRoles);
  const fromIdp = new Set(idpGroups);
  const added = org.roles.map((r) => r.name).filter((name) => fromIdp.has(name) && !held.has(name));
  return [...orgRoles, ...added];
}

/** The person's identity, or undefined when the org has no such user. */
export function personIdentity(org: Org, username: string, idpGroups: readonly string[]): UserIdentity | undefined {
  const user = findUser(org, username);
  if (!user) return undefined;
  if (idpGroups.length === 0) return identityFor(org, user.email);
  // The same computation over an org in which this user holds the extra roles too.
  const augmented: Org = { ...org, users: [{ ...user, roles: rolesOf(org, user.roles, idpGroups) }] };
  return identityFor(augmented, user.email);
}
