/**
 * Where each of the person's groups and roles comes from, as the identity panel says it: a group
 * from a role (and whether the org file or the IdP gave that role), or `system:authenticated`,
 * sent always. Hosts that do not say (local mode before gateway mode, older agents) give no
 * sources: then nothing is claimed, rather than guessing from the names.
 */
import type { Identity } from '../../shared/api';

export type GroupOrigin =
  /** Derived from `role` (SPEC §3); `idp`: the IdP's groups claim gave the person that role. */
  | { kind: 'role'; role: string; idp: boolean }
  /** system:authenticated: every request carries it. */
  | { kind: 'always' }
  /** A source this window does not know (a newer host): shown as the host said it. */
  | { kind: 'other'; from: string }
  /** The host did not say. */
  | { kind: 'unknown' };

export interface GroupWithOrigin {
  name: string;
  origin: GroupOrigin;
}

export interface RoleWithOrigin {
  role: string;
  /** null: the host did not say. */
  from: 'org' | 'idp' | null;
}

const ROLE_PREFIX = 'role:';

function roleFromIdp(identity: Identity, role: string): boolean {
  return identity.roleSources?.some((source) => source.role === role && source.from === 'idp') ?? false;
}

function originOf(identity: Identity, from: string | undefined): GroupOrigin {
  if (from === undefined) return { kind: 'unknown' };
  if (from === 'always') return { kind: 'always' };
  if (from.startsWith(ROLE_PREFIX)) {
    const role = from.slice(ROLE_PREFIX.length);
    return { kind: 'role', role, idp: roleFromIdp(identity, role) };
  }
  return { kind: 'other', from };
}

/** Every sent group, in `groups` order, with where it comes from. */
export function groupsWithOrigins(identity: Identity): GroupWithOrigin[] {
  const sources = new Map((identity.groupSources ?? []).map((source) => [source.name, source.from]));
  return identity.groups.map((name) => ({ name, origin: originOf(identity, sources.get(name)) }));
}

/** Every role, in `roles` order, with who gave it. */
export function rolesWithOrigins(identity: Identity): RoleWithOrigin[] {
  const sources = new Map((identity.roleSources ?? []).map((source) => [source.role, source.from]));
  return identity.roles.map((role) => ({ role, from: sources.get(role) ?? null }));
}

/** Whether the host said where groups come from (then the panel shows it per group). */
export function hasGroupSources(identity: Identity): boolean {
  return identity.groupSources !== undefined;
}

/** One line for a group's origin, e.g. "from role Developers (IdP group)". */
export function describeGroupOrigin(origin: GroupOrigin): string | null {
  switch (origin.kind) {
    case 'role':
      return `from role ${origin.role}${origin.idp ? ' (IdP group)' : ''}`;
    case 'always':
      return 'always';
    case 'other':
      return `from ${origin.from}`;
    case 'unknown':
      return null;
  }
}
