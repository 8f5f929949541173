import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOrg, type Org } from '../../../shared/org';
import { DEMO_ORG_YAML } from '../../../shared/test-fixtures/demo-org';
import { impersonationTargets } from './impersonation-targets';

function orgFrom(yaml: string): Org {
  const result = parseOrg(parse(yaml));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.org;
}

describe('impersonationTargets', () => {
  const demo = orgFrom(DEMO_ORG_YAML);

  it('lists exactly the users assigned a resource and every group they are sent with', () => {
    expect(impersonationTargets(demo, 'staging')).toEqual({
      users: ['alice@example.com', 'bob@example.com', 'carol@example.com', 'dave@example.com', 'erin@example.com'],
      groups: ['datascience', 'developers', 'engineering', 'platform-team', 'sre-on-call', 'system:authenticated'],
    });
  });

  it('includes groups of roles that do not grant the resource (the proxy sends all of a user’s groups)', () => {
    // alice gets prod through Engineering, but is also sent sre-on-call there; the reserved group is never listed.
    expect(impersonationTargets(demo, 'prod')).toEqual({
      users: ['alice@example.com', 'erin@example.com'],
      groups: ['engineering', 'platform-team', 'sre-on-call', 'system:authenticated'],
    });
  });

  it('is empty for a resource nobody is assigned', () => {
    const prod = demo.resources[1]!;
    const org: Org = { ...demo, resources: [...demo.resources, { ...prod, name: 'lonely', tags: {} }] };
    expect(impersonationTargets(org, 'lonely')).toEqual({ users: [], groups: [] });
  });

  it("names aliases, not emails, on a resource of an identity set, with its rules' explicit groups there only (SPEC §11)", () => {
    const org = orgFrom(`identitySets: [{name: corp}]
users:
  - {email: alice@example.com, roles: [Payments], aliases: {corp: alice_l}}
  - {email: bob@example.com, roles: [Payments]}
roles:
  - name: Payments
    rules:
      - resources: [staging]
      - {resources: [ldap], groups: [payments-rw]}
resources:
  - {name: staging, type: kubernetes-user-impersonation, cluster: {kubeconfig: k}}
  - {name: ldap, type: kubernetes-user-impersonation, cluster: {kubeconfig: k}, impersonation: {identitySet: corp}}
`);
    // bob has no alias: refused on ldap, so never impersonated there.
    expect(impersonationTargets(org, 'ldap')).toEqual({
      users: ['alice_l'],
      groups: ['payments', 'payments-rw', 'system:authenticated'],
    });
    expect(impersonationTargets(org, 'staging')).toEqual({
      users: ['alice@example.com', 'bob@example.com'],
      groups: ['payments', 'system:authenticated'],
    });
  });
});
