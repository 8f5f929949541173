// Who a verified token is in the org (SPEC §10): the username claim must be an org user; IdP
// groups whose names equal org role names add those roles. Then the very code local mode uses
// (shared/org.ts identityFor) decides the groups, warnings and resources, so the two modes can
// never disagree about a person.
//
// Worked out once per person and org version, not per request: every request of a person's tools
// asks again, and the org (a new object on each reload) only changes when its file does.
import { identityFor, type Org, type UserIdentity } from '../../../shared/org';
import { findUser } from '../../../shared/org';

/** Roles the person holds: the org's, then IdP groups equal to a role name (in org role order). */
export function rolesOf(org: Org, orgRoles: readonly string[], idpGroups: readonly string[]): string[] {
  const held = new Set(orgRoles);
  const fromIdp = new Set(idpGroups);
  const added = org.roles.map((r) => r.name).filter((name) => fromIdp.has(name) && !held.has(name));
  return [...orgRoles, ...added];
}

/** Identities per org version, by username and IdP groups; null: not a user of that org. */
const known = new WeakMap<Org, Map<string, Readonly<UserIdentity> | null>>();

/** People per org version remembered at most (then forgotten all at once: a flood of made-up names costs no memory). */
const MAX_KNOWN = 10_000;

/**
 * The person's identity, or undefined when the org has no such user. The object is shared by
 * every request of the person while the org stays the same: frozen, so none can change it for the others.
 */
export function personIdentity(org: Org, username: string, idpGroups: readonly string[]): Readonly<UserIdentity> | undefined {
  let perOrg = known.get(org);
  if (perOrg === undefined) {
    perOrg = new Map();
    known.set(org, perOrg);
  }
  const key = JSON.stringify([username, idpGroups]);
  const remembered = perOrg.get(key);
  if (remembered !== undefined) return remembered ?? undefined;
  const identity = workedOut(org, username, idpGroups);
  if (perOrg.size >= MAX_KNOWN) perOrg.clear();
  const frozen = identity === undefined ? null : deepFreeze(identity);
  perOrg.set(key, frozen);
  return frozen ?? undefined;
}

function workedOut(org: Org, username: string, idpGroups: readonly string[]): UserIdentity | undefined {
  const user = findUser(org, username);
  if (!user) return undefined;
  if (idpGroups.length === 0) return identityFor(org, user.email);
  // The same computation over an org in which this user holds the extra roles too.
  const augmented: Org = { ...org, users: [{ ...user, roles: rolesOf(org, user.roles, idpGroups) }] };
  return identityFor(augmented, user.email);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
