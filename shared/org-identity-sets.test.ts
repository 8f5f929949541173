// SPEC §11 in the org file: identity sets, aliases, resource impersonation, explicit rule groups.
// Each row breaks one thing of a small valid org and lists every `path: message` line it yields.
import { describe, expect, it } from 'vitest';
import { formatOrgPath, parseOrg } from './org';

type Plain = Record<string, unknown>;
const cluster = { kubeconfig: './leased.kubeconfig' };

function org(overrides: Plain = {}): Plain {
  return {
    identitySets: [{ name: 'contractors' }],
    users: [
      { email: 'alice@example.com', roles: ['Payments Engineers'], aliases: { contractors: 'alice_l' } },
      { email: 'bob@example.com', roles: ['Payments Engineers'] },
    ],
    roles: [{ name: 'Payments Engineers', rules: [{ resources: ['payments'], groups: ['payments-rw'] }] }],
    resources: [
      {
        name: 'payments',
        type: 'kubernetes-user-impersonation',
        cluster,
        impersonation: { identitySet: 'contractors' },
      },
    ],
    ...overrides,
  };
}

function lines(input: unknown): string[] {
  const result = parseOrg(input);
  return result.ok ? [] : result.problems.map((p) => `${formatOrgPath(p.path)}: ${p.message}`);
}

const user = (email: string, aliases: unknown) => ({ email, roles: ['Payments Engineers'], aliases });
const rules = (groups: unknown) => [{ name: 'Payments Engineers', rules: [{ resources: ['payments'], groups }] }];
const payments = (impersonation: unknown) => [
  { name: 'payments', type: 'kubernetes-user-impersonation', cluster, impersonation },
];

describe('org file: identity sets, aliases, explicit groups', () => {
  it('accepts the valid org, and files without any of it (all keys optional)', () => {
    expect(lines(org())).toEqual([]);
    expect(
      lines(
        org({
          identitySets: undefined,
          users: [{ email: 'a@b', roles: ['R'] }],
          roles: [{ name: 'R', rules: [{ resources: ['p'] }] }],
          resources: [{ name: 'p', type: 'kubernetes-user-impersonation', cluster }],
        }),
      ),
    ).toEqual([]);
    expect(lines(org({ resources: payments({ user: 'email' }) }))).toEqual([]);
  });

  it.each([
    [
      'an alias in a set that is not declared',
      { users: [user('alice@example.com', { ldap: 'al' })] },
      ['users[0].aliases.ldap: identity set "ldap" is not declared in identitySets (declared: "contractors")'],
    ],
    [
      'no sets declared at all',
      {
        identitySets: undefined,
        users: [user('alice@example.com', { contractors: 'al' })],
        resources: payments({ user: 'email' }),
      },
      [
        'users[0].aliases.contractors: identity set "contractors" is not declared in identitySets (no identitySets are declared)',
      ],
    ],
    [
      'the same alias twice in one set',
      { users: [user('alice@example.com', { contractors: 'al' }), user('bob@example.com', { contractors: 'al' })] },
      [
        'users[1].aliases.contractors: alias "al" in identity set "contractors" is used by both alice@example.com and bob@example.com',
      ],
    ],
    [
      'a duplicate set',
      { identitySets: [{ name: 'contractors' }, { name: 'contractors' }] },
      ['identitySets[1].name: duplicate identity set "contractors" (first at identitySets[0])'],
    ],
    ['an empty set name', { identitySets: [{ name: '' }] }, ['identitySets[0].name: must not be empty']],
    [
      'an unknown key in a set',
      { identitySets: [{ name: 'contractors', kind: 'ldap' }] },
      ['identitySets[0].kind: unknown key; allowed keys: name'],
    ],
    [
      'an empty alias',
      { users: [user('alice@example.com', { contractors: '' })] },
      ['users[0].aliases.contractors: alias must not be empty'],
    ],
    [
      'a system: alias',
      { users: [user('alice@example.com', { contractors: 'system:admin' })] },
      ['users[0].aliases.contractors: alias "system:admin" starts with "system:", which Kubernetes reserves'],
    ],
    [
      'a non-ASCII alias',
      { users: [user('alice@example.com', { contractors: 'älice' })] },
      ['users[0].aliases.contractors: alias "älice" contains characters outside printable ASCII (U+00E4 "ä")'],
    ],
    [
      'an alias with a trailing space',
      { users: [user('alice@example.com', { contractors: 'al ' })] },
      ['users[0].aliases.contractors: alias "al " has leading or trailing spaces'],
    ],
    [
      'aliases that are not a map',
      { users: [user('alice@example.com', ['al'])] },
      ['users[0].aliases: expected a map, got a list'],
    ],
    [
      'a resource naming an undeclared set',
      { resources: payments({ identitySet: 'ldap' }) },
      [
        'resources[0].impersonation.identitySet: identity set "ldap" is not declared in identitySets (declared: "contractors")',
      ],
    ],
    [
      'a resource with both modes',
      { resources: payments({ user: 'email', identitySet: 'contractors' }) },
      [
        'resources[0].impersonation: give exactly one of "user: email" or "identitySet: <name of a set in identitySets>"',
      ],
    ],
    [
      'a resource with neither',
      { resources: payments({}) },
      [
        'resources[0].impersonation: give exactly one of "user: email" or "identitySet: <name of a set in identitySets>"',
      ],
    ],
    [
      'a user source other than email',
      { resources: payments({ user: 'name' }) },
      ['resources[0].impersonation.user: the only user source is "email"; for an alias write identitySet: <set>'],
    ],
    [
      'an unknown impersonation key',
      { resources: payments({ identitySet: 'contractors', group: 'x' }) },
      ['resources[0].impersonation.group: unknown key; allowed keys: user, identitySet'],
    ],
    [
      'an empty explicit group list',
      { roles: rules([]) },
      ['roles[0].rules[0].groups: must list at least one group (or remove the key)'],
    ],
    ['an empty explicit group', { roles: rules(['']) }, ['roles[0].rules[0].groups[0]: group must not be empty']],
    [
      'a system: explicit group',
      { roles: rules(['system:masters']) },
      ['roles[0].rules[0].groups[0]: group "system:masters" starts with "system:", which Kubernetes reserves'],
    ],
    [
      'a non-ASCII explicit group',
      { roles: rules(['paymënts']) },
      ['roles[0].rules[0].groups[0]: group "paymënts" contains characters outside printable ASCII (U+00EB "ë")'],
    ],
    [
      'an explicit group with a leading space',
      { roles: rules([' payments']) },
      ['roles[0].rules[0].groups[0]: group " payments" has leading or trailing spaces'],
    ],
  ])('%s', (_what, overrides, expected) => {
    expect(lines(org(overrides))).toEqual(expected);
  });
});
