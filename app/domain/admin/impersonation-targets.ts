// Exactly whom the proxy will impersonate on one resource: the least-privilege `resourceNames`
// of the generated impersonator role, and what the doctor's impersonate check asks about.
import { identityFor, resourcesForUser, type Org } from '../../../shared/org';
import { emailProblem } from '../../../shared/roles';

export interface ImpersonationTargets {
  /** Emails of the users assigned the resource (only those that can connect at all), sorted. */
  users: string[];
  /** Every group those users are sent with, system:authenticated included, sorted. */
  groups: string[];
}

export function impersonationTargets(org: Org, resourceName: string): ImpersonationTargets {
  const users: string[] = [];
  const groups = new Set<string>();
  for (const user of org.users) {
    if (emailProblem(user.email) !== null) continue; // refused by the proxy, never impersonated
    if (!resourcesForUser(org, user.email).includes(resourceName)) continue;
    const identity = identityFor(org, user.email);
    if (identity === undefined) continue;
    users.push(identity.email);
    for (const group of identity.groups) groups.add(group);
  }
  return { users: [...new Set(users)].sort(), groups: [...groups].sort() };
}
