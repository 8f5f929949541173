// Exactly whom the proxy will impersonate on one resource: the least-privilege `resourceNames`
// of the generated impersonator role, and what the doctor's impersonate check asks about. On a
// resource of an identity set (SPEC §11) the users are aliases, and the groups include the
// explicit groups of the rules granting it — the same identity the proxy sends.
import { identityFor, resourcesForUser, type Org } from '../../../shared/org';
import { emailProblem } from '../../../shared/roles';

export interface ImpersonationTargets {
  /** Usernames sent on this resource (emails or aliases) of the users who can connect to it, sorted. */
  users: string[];
  /** Every group those users are sent with there, system:authenticated included, sorted. */
  groups: string[];
}

export function impersonationTargets(org: Org, resourceName: string): ImpersonationTargets {
  const users: string[] = [];
  const groups = new Set<string>();
  for (const user of org.users) {
    if (emailProblem(user.email) !== null) continue; // refused by the proxy, never impersonated
    if (!resourcesForUser(org, user.email).includes(resourceName)) continue;
    const onResource = identityFor(org, user.email)?.identities.find((entry) => entry.resource === resourceName);
    if (onResource === undefined || onResource.username === null) continue; // no alias: refused, never impersonated
    users.push(onResource.username);
    for (const group of onResource.groups) groups.add(group.name);
  }
  return { users: [...new Set(users)].sort(), groups: [...groups].sort() };
}
