// A verified token's person in the org: the same identity local mode computes, plus roles whose
// names equal the IdP's groups (exactly, never by case or derived group).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { identityFor, parseOrg, type Org } from '../../../shared/org';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';
import { personIdentity } from './person';

function demoOrg(): Org {
  const r = parseOrg(parse(DEMO_ORG_YAML));
  if (!r.ok) throw new Error('demo org invalid');
  return r.org;
}

describe('personIdentity', () => {
  const org = demoOrg();
  const someone = org.users[0]?.email ?? '';

  it('without IdP groups is exactly identityFor', () => {
    for (const user of org.users) expect(personIdentity(org, user.email, [])).toEqual(identityFor(org, user.email));
  });

  it('finds the user ignoring the case of the email, as the org does', () => {
    expect(personIdentity(org, someone.toUpperCase(), [])?.email).toBe(someone);
  });

  it('is undefined for someone not in the org', () => {
    expect(personIdentity(org, 'zed@example.com', ['Engineering'])).toBeUndefined();
  });

  it('adds roles named exactly by an IdP group; others mean nothing', () => {
    const base = identityFor(org, someone);
    if (!base) throw new Error('no user');
    const missing = org.roles.map((r) => r.name).find((name) => !base.roles.includes(name));
    if (!missing) throw new Error('the demo user holds every role');
    const withGroup = personIdentity(org, someone, [missing, missing.toUpperCase(), 'idp-everyone', base.roles[0] ?? '']);
    expect(withGroup?.roles).toEqual([...base.roles, missing]);
    const expected = identityFor({ ...org, users: org.users.map((u) => (u.email === someone ? { ...u, roles: [...u.roles, missing] } : u)) }, someone);
    expect(withGroup).toEqual(expected);
  });

  it('is worked out once per person and org version: the same frozen object, until the org is reloaded', () => {
    const first = personIdentity(org, someone, []);
    expect(personIdentity(org, someone, [])).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.roles)).toBe(true);
    expect(Object.isFrozen(first?.identities[0])).toBe(true);
    // Other IdP groups, or another spelling of the email, are other keys (and may differ).
    const missing = org.roles.map((r) => r.name).find((name) => !first?.roles.includes(name)) ?? '';
    expect(personIdentity(org, someone, [missing])?.roles).toContain(missing);
    expect(personIdentity(org, someone, [])?.roles).not.toContain(missing);
    // A reload is a new org object: the person is worked out again from it.
    const reloaded: Org = { ...org, users: org.users.map((u) => (u.email === someone ? { ...u, roles: [...u.roles, missing] } : u)) };
    expect(personIdentity(reloaded, someone, [])?.roles).toContain(missing);
    expect(personIdentity(org, 'zed@example.com', [])).toBeUndefined();
    expect(personIdentity(org, 'zed@example.com', [])).toBeUndefined();
  });
});
