import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFor, identityOnResource, parseOrg, rolesPreview, type Org } from './org';
import { groupProblem, SYSTEM_AUTHENTICATED } from './roles';

function orgOf(input: unknown): Org {
  const result = parseOrg(input);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.org;
}

const cluster = { kubeconfig: './leased.kubeconfig' };
const resource = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'kubernetes-user-impersonation',
  cluster,
  ...extra,
});

/** Two identity sets, a resource per mode, one role with explicit groups on two of its rules. */
const ORG = orgOf({
  identitySets: [{ name: 'contractors' }, { name: 'ldap' }],
  users: [
    {
      email: 'alice@example.com',
      roles: ['Payments Engineers', 'Engineering'],
      aliases: { contractors: 'alice_l', ldap: 'aliddell' },
    },
    { email: 'bob@example.com', roles: ['Payments Engineers'] },
  ],
  roles: [
    {
      name: 'Payments Engineers',
      rules: [
        { resources: ['staging'] },
        { resources: ['payments'], groups: ['payments-rw', 'payments-ro'] },
        { tags: { env: 'prod' }, groups: ['prod-readers', 'payments-rw'] },
      ],
    },
    { name: 'Engineering', rules: [{ resources: ['staging', 'payments'], groups: ['engineering'] }] },
  ],
  resources: [
    resource('staging'),
    resource('payments', { impersonation: { identitySet: 'contractors' }, tags: { env: 'prod' } }),
    resource('ledger', { impersonation: { identitySet: 'ldap' } }),
    resource('plain', { impersonation: { user: 'email' } }),
  ],
});

describe('identity per (user, resource): table', () => {
  const alice = ORG.users[0]!;
  const bob = ORG.users[1]!;
  const res = (name: string) => ORG.resources.find((r) => r.name === name)!;
  it.each([
    // [user, resource, username, usernameFrom, groups as name<from>]
    [
      alice,
      'staging',
      'alice@example.com',
      'email',
      ['payments-engineers<role:Payments Engineers>', 'engineering<role:Engineering>', 'system:authenticated<always>'],
    ],
    // explicit groups of rules #2 and #3 (both grant payments); `payments-rw` once, first source wins;
    // Engineering's explicit `engineering` equals its derived group: the role stays the source.
    [
      alice,
      'payments',
      'alice_l',
      'alias:contractors',
      [
        'payments-engineers<role:Payments Engineers>',
        'engineering<role:Engineering>',
        'payments-rw<rule:Payments Engineers#2>',
        'payments-ro<rule:Payments Engineers#2>',
        'prod-readers<rule:Payments Engineers#3>',
        'system:authenticated<always>',
      ],
    ],
    [
      alice,
      'ledger',
      'aliddell',
      'alias:ldap',
      ['payments-engineers<role:Payments Engineers>', 'engineering<role:Engineering>', 'system:authenticated<always>'],
    ],
    [
      alice,
      'plain',
      'alice@example.com',
      'email',
      ['payments-engineers<role:Payments Engineers>', 'engineering<role:Engineering>', 'system:authenticated<always>'],
    ],
    [
      bob,
      'payments',
      null,
      'alias:contractors',
      [
        'payments-engineers<role:Payments Engineers>',
        'payments-rw<rule:Payments Engineers#2>',
        'payments-ro<rule:Payments Engineers#2>',
        'prod-readers<rule:Payments Engineers#3>',
        'system:authenticated<always>',
      ],
    ],
  ] as const)('%# %s on %s', (user, name, username, usernameFrom, groups) => {
    const identity = identityOnResource(ORG, user, res(name));
    expect(identity.username).toBe(username);
    expect(identity.usernameFrom).toBe(usernameFrom);
    expect(identity.groups.map((g) => `${g.name}<${g.from}>`)).toEqual(groups);
    expect(identity.problem === null).toBe(username !== null);
  });

  it('says why a person without an alias cannot connect, naming the set and the resource', () => {
    expect(identityOnResource(ORG, bob, res('payments')).problem).toBe(
      'bob@example.com has no alias in identity set "contractors", which resource "payments" impersonates; an org admin must add users[].aliases.contractors for them',
    );
  });

  it('identityFor lists the identities of the granted resources only, in org order', () => {
    expect(identityFor(ORG, 'bob@example.com')?.identities.map((i) => [i.resource, i.username])).toEqual([
      ['staging', 'bob@example.com'],
      ['payments', null],
    ]);
    // Today's fields stay as they were: role-derived groups only.
    expect(identityFor(ORG, 'alice@example.com')?.groups).toEqual([
      'payments-engineers',
      'engineering',
      SYSTEM_AUTHENTICATED,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated orgs: small name pools, so sets, aliases, rules and tags collide often.

const SETS = ['s1', 's2', 's3'];
const RESOURCES = ['r1', 'r2', 'r3', 'r4'];
const ROLES = ['Role A', 'Role B', 'System:C', 'Role.D'];
const TAG_VALUES = ['x', 'y'];

const groupName = fc.constantFrom('g1', 'g2', 'g3', 'role-a', 'shared');
const rule = fc
  .record(
    {
      resources: fc.uniqueArray(fc.constantFrom(...RESOURCES), { minLength: 1 }),
      tags: fc.record({ env: fc.constantFrom(...TAG_VALUES) }),
      groups: fc.uniqueArray(groupName, { minLength: 1 }),
    },
    { requiredKeys: [] },
  )
  .filter((r) => r.resources !== undefined || r.tags !== undefined);

const orgArb = fc
  .record({
    declared: fc.uniqueArray(fc.constantFrom(...SETS)),
    roles: fc.array(fc.array(rule, { maxLength: 3 }), { minLength: ROLES.length, maxLength: ROLES.length }),
    resources: fc.array(fc.record({ env: fc.constantFrom(...TAG_VALUES), set: fc.option(fc.constantFrom(...SETS)) }), {
      minLength: RESOURCES.length,
      maxLength: RESOURCES.length,
    }),
    users: fc.array(
      fc.record({
        roles: fc.uniqueArray(fc.constantFrom(...ROLES), { minLength: 1 }),
        aliases: fc.dictionary(fc.constantFrom(...SETS), fc.constant('')),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ declared, roles, resources, users }) => ({
    identitySets: declared.map((name) => ({ name })),
    users: users.map((u, i) => ({
      email: `u${i}@example.com`,
      roles: u.roles,
      // Unique per user and set; only declared sets.
      aliases: Object.fromEntries(
        Object.keys(u.aliases)
          .filter((s) => declared.includes(s))
          .map((s) => [s, `${s}-user${i}`]),
      ),
    })),
    roles: ROLES.map((name, i) => ({ name, rules: roles[i] })),
    resources: RESOURCES.map((name, i) => {
      const r = resources[i]!;
      const set = r.set !== null && declared.includes(r.set) ? r.set : undefined;
      return resource(name, { tags: { env: r.env }, ...(set ? { impersonation: { identitySet: set } } : {}) });
    }),
  }));

describe('identity per (user, resource): properties', () => {
  it('an alias is only ever the username on a resource of its own set; never a fallback to the email', () => {
    fc.assert(
      fc.property(orgArb, (input) => {
        const org = orgOf(input);
        for (const user of org.users) {
          for (const res of org.resources) {
            const id = identityOnResource(org, user, res);
            const set = res.impersonation?.identitySet;
            if (set === undefined) {
              expect(id.username).toBe(user.email);
              expect(id.usernameFrom).toBe('email');
            } else {
              expect(id.usernameFrom).toBe(`alias:${set}`);
              expect(id.username).toBe(user.aliases?.[set] ?? null);
              if (id.username !== null) expect(id.username.startsWith(`${set}-`)).toBe(true);
            }
          }
        }
      }),
    );
  });

  it("an explicit group comes only from a rule of one of the person's roles that grants this resource", () => {
    fc.assert(
      fc.property(orgArb, (input) => {
        const org = orgOf(input);
        for (const user of org.users) {
          for (const res of org.resources) {
            for (const group of identityOnResource(org, user, res).groups) {
              const m = /^rule:(.*)#(\d+)$/.exec(group.from);
              if (!m) continue;
              expect(user.roles).toContain(m[1]);
              const theRule = org.roles.find((r) => r.name === m[1])?.rules[Number(m[2]) - 1];
              expect(theRule?.groups).toContain(group.name);
              expect(theRule?.resources === undefined || theRule.resources.includes(res.name)).toBe(true);
              expect(theRule?.tags === undefined || theRule.tags.env === res.tags.env).toBe(true);
            }
          }
        }
      }),
    );
  });

  it('groups are valid, distinct and end with system:authenticated', () => {
    fc.assert(
      fc.property(orgArb, (input) => {
        const org = orgOf(input);
        for (const user of org.users) {
          for (const res of org.resources) {
            const names = identityOnResource(org, user, res).groups.map((g) => g.name);
            expect(new Set(names).size).toBe(names.length);
            expect(names.at(-1)).toBe(SYSTEM_AUTHENTICATED);
            for (const name of names.slice(0, -1)) expect(groupProblem(name)).toBeNull();
          }
        }
      }),
    );
  });
});

describe('rolesPreview: explicit groups with their rules', () => {
  it('lists each explicit group with its role, rule (from 1), the resources it is sent on and the role holders', () => {
    expect(rolesPreview(ORG).explicitGroups).toEqual([
      {
        group: 'payments-rw',
        role: 'Payments Engineers',
        rule: 2,
        from: 'rule:Payments Engineers#2',
        resources: ['payments'],
        users: ['alice@example.com', 'bob@example.com'],
      },
      {
        group: 'payments-ro',
        role: 'Payments Engineers',
        rule: 2,
        from: 'rule:Payments Engineers#2',
        resources: ['payments'],
        users: ['alice@example.com', 'bob@example.com'],
      },
      {
        group: 'prod-readers',
        role: 'Payments Engineers',
        rule: 3,
        from: 'rule:Payments Engineers#3',
        resources: ['payments'],
        users: ['alice@example.com', 'bob@example.com'],
      },
      {
        group: 'payments-rw',
        role: 'Payments Engineers',
        rule: 3,
        from: 'rule:Payments Engineers#3',
        resources: ['payments'],
        users: ['alice@example.com', 'bob@example.com'],
      },
      {
        group: 'engineering',
        role: 'Engineering',
        rule: 1,
        from: 'rule:Engineering#1',
        resources: ['staging', 'payments'],
        users: ['alice@example.com'],
      },
    ]);
  });
});
