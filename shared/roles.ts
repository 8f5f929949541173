/**
 * Role name → Kubernetes group (SPEC §3): the one place that decides which groups a person is
 * impersonated with. Pure; the proxy, the CLI, the doctor and the admin preview all call this.
 */

/** Added by the proxy to every request; never derived from a role (SPEC §3). */
export const SYSTEM_AUTHENTICATED = 'system:authenticated';

/** Kubernetes reserves the `system:` prefix for its own identities; sending one would be privilege escalation. */
const RESERVED_GROUP_PREFIX = 'system:';

const WHITESPACE = /\s/g;
const DOTS = /\./g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * SPEC §3, in its order: lowercase (the whole string, so context rules such as Greek final sigma
 * apply), every whitespace character (JS `\s`, i.e. Unicode White_Space plus U+FEFF) → `-`,
 * every `.` removed. No trimming or collapsing: `My  Role` → `my--role`.
 *
 * Idempotent on well-formed strings (no lone surrogates) — checked for every code point in the
 * tests. Not on strings with lone surrogates: removing the `.` in "\uD801.\uDC00" joins the halves
 * into U+10400 (an upper-case letter), which a second pass lowercases. Such a group is never valid
 * (non-printable), so this never reaches a cluster.
 */
export function roleToGroup(role: string): string {
  return role.toLowerCase().replace(WHITESPACE, '-').replace(DOTS, '');
}

/** True when every character is printable ASCII (0x20–0x7E); the empty string qualifies. */
export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

export type GroupProblem = 'empty' | 'reserved' | 'non-printable';

/** Why a derived group must not be sent, or null when it may be. */
export function groupProblem(group: string): GroupProblem | null {
  if (group === '') return 'empty';
  if (group.startsWith(RESERVED_GROUP_PREFIX)) return 'reserved';
  if (!isPrintableAscii(group)) return 'non-printable';
  return null;
}

/** Code points a person can act on, e.g. `U+00FC "ü"`, instead of an invisible or look-alike character. */
function describeNonPrintable(text: string): string {
  const offenders = [...new Set([...text].filter((ch) => !isPrintableAscii(ch)))];
  const shown = offenders.slice(0, 3).map((ch) => {
    const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `U+${hex} ${JSON.stringify(ch)}`;
  });
  const more = offenders.length > shown.length ? `, and ${offenders.length - shown.length} more` : '';
  return shown.join(', ') + more;
}

/** One sentence for previews, whoami warnings and doctor findings. */
export function describeGroupProblem(problem: GroupProblem, group: string): string {
  switch (problem) {
    case 'empty':
      return 'derives an empty group (the name is empty or only dots), so no group is sent';
    case 'reserved':
      return `group ${JSON.stringify(group)} starts with "system:", which Kubernetes reserves; it is not sent`;
    case 'non-printable':
      return `group ${JSON.stringify(group)} contains characters outside printable ASCII (${describeNonPrintable(group)}); it is not sent`;
  }
}

/** Why this email cannot be used as `Impersonate-User`, or null when it can. */
export function emailProblem(email: string): string | null {
  if (email === '') return 'email is empty';
  if (!isPrintableAscii(email)) {
    return `email ${JSON.stringify(email)} contains characters outside printable ASCII (${describeNonPrintable(email)})`;
  }
  // HTTP strips leading/trailing spaces from header values, so the cluster would see another name.
  if (email !== email.trim()) return `email ${JSON.stringify(email)} has leading or trailing spaces`;
  if (!email.includes('@')) return `email ${JSON.stringify(email)} has no "@"`;
  return null;
}

export type RoleStatus = 'ok' | 'collision' | 'invalid';

/** One row of the admin preview (SPEC §7 `roles preview --json`). */
export interface RoleMapping {
  role: string;
  /** The derived group, shown even when invalid; null only when nothing can be derived. */
  group: string | null;
  status: RoleStatus;
  reason: string | null;
  /** Every other role deriving the same valid group, in input order. */
  collidesWith: string[];
  users: string[];
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(', ');
}

/** Distinct role names per valid derived group, in first-seen order. */
function rolesByValidGroup(roleNames: readonly string[]): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const role of roleNames) {
    const group = roleToGroup(role);
    if (groupProblem(group) !== null) continue;
    const roles = byGroup.get(group) ?? [];
    if (!roles.includes(role)) roles.push(role);
    byGroup.set(group, roles);
  }
  return byGroup;
}

function collisionReason(group: string, others: readonly string[]): string {
  return `group ${JSON.stringify(group)} is also derived from ${quoteList(others)}; it is sent once`;
}

/**
 * Every role → group with its status, in input order. A collision is two or more *distinct* role
 * names deriving the same valid group; invalid groups are never sent, so they cannot collide.
 */
export function analyzeRoles(
  roleNames: readonly string[],
  usersByRole: ReadonlyMap<string, readonly string[]> = new Map(),
): RoleMapping[] {
  const byGroup = rolesByValidGroup(roleNames);
  return roleNames.map((role): RoleMapping => {
    const derived = roleToGroup(role);
    const problem = groupProblem(derived);
    const users = [...(usersByRole.get(role) ?? [])];
    if (problem !== null) {
      const group = problem === 'empty' ? null : derived;
      const reason = describeGroupProblem(problem, derived);
      return { role, group, status: 'invalid', reason, collidesWith: [], users };
    }
    const collidesWith = (byGroup.get(derived) ?? []).filter((other) => other !== role);
    if (collidesWith.length === 0) {
      return { role, group: derived, status: 'ok', reason: null, collidesWith, users };
    }
    const reason = collisionReason(derived, collidesWith);
    return { role, group: derived, status: 'collision', reason, collidesWith, users };
  });
}

export interface GroupWarning {
  role: string;
  group: string | null;
  problem: string;
}

export interface UserGroups {
  /** Valid derived groups of the user's roles, deduplicated, in role order; no system:authenticated. */
  groups: string[];
  /** What the proxy sends as Impersonate-Group: `groups` then system:authenticated. */
  sentGroups: string[];
  warnings: GroupWarning[];
}

/**
 * The groups one user is impersonated with. `allRoleNames` is every role of the org, so a
 * collision with a role the user does not hold is still reported (it shares their group's RBAC).
 */
export function deriveUserGroups(userRoles: readonly string[], allRoleNames: readonly string[]): UserGroups {
  const distinctUserRoles = [...new Set(userRoles)];
  const mappings = analyzeRoles([...new Set([...allRoleNames, ...distinctUserRoles])]);
  const mappingOf = new Map(mappings.map((mapping) => [mapping.role, mapping]));
  const groups: string[] = [];
  const warnings: GroupWarning[] = [];
  for (const role of distinctUserRoles) {
    const mapping = mappingOf.get(role);
    if (mapping === undefined) continue; // unreachable: every user role was analyzed above
    if (mapping.status !== 'invalid' && mapping.group !== null && !groups.includes(mapping.group)) {
      groups.push(mapping.group);
    }
    if (mapping.reason !== null) warnings.push({ role, group: mapping.group, problem: mapping.reason });
  }
  return { groups, sentGroups: [...groups, SYSTEM_AUTHENTICATED], warnings };
}
