/**
 * Gateway mode has no org file on this machine to list its users from (org.users reads a file):
 * the admin's user picker lists the people the gateway's role mapping names instead, each with
 * the roles it gives them. A person with no role at all is not in it; the admin can still type
 * their address.
 */
import type { OrgUserSummary } from '../../shared/api';
import type { RoleMapping } from '../../shared/roles';

export function usersFromRoles(roles: readonly Pick<RoleMapping, 'role' | 'users'>[]): OrgUserSummary[] {
  const rolesByUser = new Map<string, string[]>();
  for (const { role, users } of roles) {
    for (const email of users) {
      const held = rolesByUser.get(email) ?? [];
      if (!held.includes(role)) held.push(role);
      rolesByUser.set(email, held);
    }
  }
  return [...rolesByUser]
    .map(([email, held]) => ({ email, name: null, roles: held }))
    .sort((a, b) => a.email.localeCompare(b.email));
}
