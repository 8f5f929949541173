// The groups the org's roles become (SPEC §3), each with the roles that derive it — a collision
// is one group served by several roles.
import { rolesPreview, type Org } from '../../../shared/org';

export interface RoleGroup {
  group: string;
  /** Every role deriving this group, in org order. */
  roles: string[];
}

/** Valid (sendable) derived groups of every role of the org, in first-seen order. */
export function validRoleGroups(org: Org): RoleGroup[] {
  const byGroup = new Map<string, string[]>();
  for (const mapping of rolesPreview(org).roles) {
    if (mapping.status === 'invalid' || mapping.group === null) continue;
    byGroup.set(mapping.group, [...(byGroup.get(mapping.group) ?? []), mapping.role]);
  }
  return [...byGroup].map(([group, roles]) => ({ group, roles }));
}
