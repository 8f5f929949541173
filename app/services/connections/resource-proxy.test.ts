// The identity a loopback listener sends (SPEC §11): this resource's username and groups, and a
// refusal (never the email) when the person has no alias in the resource's identity set.
import { describe, expect, it } from 'vitest';
import { kindOf } from '../../../shared/errors';
import { parseOrg, type Org } from '../../../shared/org';
import { checkAccess, orgIdentitySource } from './resource-proxy';

function orgOf(aliceAliases: Record<string, string> | undefined): Org {
  const result = parseOrg({
    identitySets: [{ name: 'contractors' }],
    users: [{ email: 'alice@example.com', roles: ['Payments'], ...(aliceAliases ? { aliases: aliceAliases } : {}) }],
    roles: [
      { name: 'Payments', rules: [{ resources: ['staging'] }, { resources: ['payments'], groups: ['payments-rw'] }] },
    ],
    resources: [
      { name: 'staging', type: 'kubernetes-user-impersonation', cluster: { kubeconfig: 'k' } },
      {
        name: 'payments',
        type: 'kubernetes-user-impersonation',
        cluster: { kubeconfig: 'k' },
        impersonation: { identitySet: 'contractors' },
      },
    ],
  });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.org;
}

describe('orgIdentitySource', () => {
  it('sends the alias and the rule’s explicit group on the alias resource, the email without it elsewhere', () => {
    const org = orgOf({ contractors: 'alice_l' });
    expect(orgIdentitySource(() => org, 'alice@example.com', 'payments').current()).toEqual({
      user: 'alice_l',
      groups: ['payments', 'payments-rw', 'system:authenticated'],
    });
    expect(orgIdentitySource(() => org, 'alice@example.com', 'staging').current()).toEqual({
      user: 'alice@example.com',
      groups: ['payments', 'system:authenticated'],
    });
  });

  it('refuses (kind refused) a person without an alias, at connect and after an org reload removed it', () => {
    expect(() => checkAccess(orgOf(undefined), 'alice@example.com', 'payments')).toThrow(
      /cannot connect to resource "payments": alice@example.com has no alias in identity set "contractors"/,
    );
    let org = orgOf({ contractors: 'alice_l' });
    const source = orgIdentitySource(() => org, 'alice@example.com', 'payments');
    expect(source.current().user).toBe('alice_l');
    org = orgOf(undefined);
    let thrown: unknown;
    try {
      source.current();
    } catch (err) {
      thrown = err;
    }
    expect(kindOf(thrown)).toBe('refused');
    expect((thrown as Error).message).toMatch(/no alias in identity set "contractors"/);
  });
});
