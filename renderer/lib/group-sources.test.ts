// Where each group and role comes from, as the identity panel says it: a table of sources → lines.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/api';
import { gatewayIdentity } from '../stores/gateway-fixtures.test-support';
import { describeGroupOrigin, groupsWithOrigins, hasGroupSources, rolesWithOrigins } from './group-sources';

const local: Identity = {
  email: 'a@x',
  name: null,
  roles: ['dev'],
  groups: ['dev', 'system:authenticated'],
  warnings: [],
  resources: [],
};

describe('group origins', () => {
  it('each group in groups order, with its role (and whether the IdP gave that role) or always', () => {
    expect(groupsWithOrigins(gatewayIdentity()).map(({ name, origin }) => [name, describeGroupOrigin(origin)])).toEqual(
      [
        ['sre', 'from role SRE'],
        ['developers', 'from role Developers (IdP group)'],
        ['system:authenticated', 'always'],
      ],
    );
  });

  it.each<[string, Partial<Identity>, (string | null)[]]>([
    [
      'a host that does not say claims nothing',
      { groupSources: undefined, roleSources: undefined },
      [null, null, null],
    ],
    [
      'a group the sources leave out is unknown',
      { groupSources: [{ name: 'sre', from: 'role:SRE' }] },
      ['from role SRE', null, null],
    ],
    [
      'a role source missing: not an IdP group',
      { roleSources: [] },
      ['from role SRE', 'from role Developers', 'always'],
    ],
    [
      'a source this window does not know is shown as given',
      { groupSources: [{ name: 'sre', from: 'alias:ops' }] },
      ['from alias:ops', null, null],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(groupsWithOrigins(gatewayIdentity(overrides)).map(({ origin }) => describeGroupOrigin(origin))).toEqual(
      expected,
    );
  });

  it('roles in roles order with who gave them; null when the host did not say', () => {
    expect(rolesWithOrigins(gatewayIdentity())).toEqual([
      { role: 'SRE', from: 'org' },
      { role: 'Developers', from: 'idp' },
    ]);
    expect(rolesWithOrigins(local)).toEqual([{ role: 'dev', from: null }]);
  });

  it('sources are shown only when the host gave them', () => {
    expect(hasGroupSources(gatewayIdentity())).toBe(true);
    expect(hasGroupSources(local)).toBe(false);
  });
});
