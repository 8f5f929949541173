import { describe, expect, it } from 'vitest';
import { identitySources } from './identity-sources';
import { deriveUserGroups, roleToGroup } from './roles';

describe('identitySources', () => {
  it('names the org or the IdP for each role, and the first deriving role for each sent group', () => {
    const roles = ['Developers', 'Platform Team', 'developers', 'Data.Science'];
    const { sentGroups } = deriveUserGroups(roles, roles);
    const sources = identitySources(roles, ['Developers', 'developers'], sentGroups);
    expect(sources.roleSources).toEqual([
      { role: 'Developers', from: 'org' },
      { role: 'Platform Team', from: 'idp' },
      { role: 'developers', from: 'org' },
      { role: 'Data.Science', from: 'idp' },
    ]);
    expect(sources.groupSources.map((g) => g.name)).toEqual(sentGroups);
    expect(sources.groupSources.at(-1)).toEqual({ name: 'system:authenticated', from: 'always' });
    // Two roles that derive one group: the first one held is named (the group is sent once).
    if (roleToGroup('Developers') === roleToGroup('developers')) {
      expect(sources.groupSources.filter((g) => g.name === roleToGroup('Developers'))).toEqual([{ name: roleToGroup('Developers'), from: 'role:Developers' }]);
    }
  });

  it('a role whose group is invalid derives nothing, so no sent group names it', () => {
    const roles = ['system:masters', 'Ops'];
    const { sentGroups } = deriveUserGroups(roles, roles);
    const { groupSources } = identitySources(roles, roles, sentGroups);
    expect(groupSources.some((g) => g.from === 'role:system:masters')).toBe(false);
    expect(groupSources).toContainEqual({ name: roleToGroup('Ops'), from: 'role:Ops' });
  });
});
