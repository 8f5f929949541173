import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOrg, type Org } from '../../../../shared/org';
import { DEMO_ORG_YAML } from '../../../../shared/test-fixtures/demo-org';
import type { RbacSnapshot } from '../rbac-snapshot';
import { checkBindings } from './bindings-check';

function demoOrg(): Org {
  const result = parseOrg(parse(DEMO_ORG_YAML));
  if (!result.ok) throw new Error('demo org does not parse');
  return result.org;
}

function boundTo(groups: string[]): RbacSnapshot {
  return {
    clusterRoleBindings: groups.map((name) => ({
      metadata: { name: `${name}-view` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name }],
    })),
    roleBindings: [],
    clusterRoles: [],
    roles: [],
  };
}

describe('bindings check', () => {
  const demo = demoOrg();

  it('names the roles whose group no binding names (the demo: Data.Science)', () => {
    const check = checkBindings(
      demo,
      boundTo(['engineering', 'sre-on-call', 'developers', 'platform-team', 'payments-engineers']),
      'staging',
    );
    expect(check).toEqual({
      id: 'bindings',
      status: 'warn',
      finding:
        'members of role "Data.Science" get no access: no RoleBinding or ClusterRoleBinding names its group "datascience"',
      fix: 'bind the group to a Role or ClusterRole; "gatehouse rbac generate staging" prints a binding template per group',
    });
  });

  it('lists every role sharing an unbound group, and ignores the reserved one', () => {
    const check = checkBindings(demo, boundTo(['engineering']), 'prod');
    expect(check.finding).toBe(
      'members of roles "SRE On-Call", "Developers", "Data.Science", "Platform Team", "Platform-Team" and "Payments Engineers" get no access: ' +
        'no RoleBinding or ClusterRoleBinding names their groups "sre-on-call", "developers", "datascience", "platform-team" and "payments-engineers"',
    );
  });

  it('is ok when every group is bound', () => {
    const check = checkBindings(
      demo,
      boundTo(['engineering', 'sre-on-call', 'developers', 'platform-team', 'datascience', 'payments-engineers']),
      'x',
    );
    expect(check).toEqual({
      id: 'bindings',
      status: 'ok',
      finding: 'each of the 6 role groups is named by a RoleBinding or ClusterRoleBinding',
      fix: null,
    });
  });

  it('on the demo’s alias-mode resource also looks for its explicit group and its alias (a User)', () => {
    const roleGroups = [
      'engineering',
      'sre-on-call',
      'developers',
      'platform-team',
      'datascience',
      'payments-engineers',
    ];
    expect(checkBindings(demo, boundTo(roleGroups), 'payments').finding).toBe(
      'no binding names the explicit group "payments-rw" (rule 1 of role "Payments Engineers"); ' +
        'no binding names the alias User "frank_c" (frank@example.com); unless a group grants them access, they get none',
    );
    expect(checkBindings(demo, boundTo(roleGroups), 'staging').status).toBe('ok'); // neither is sent there
  });
});

describe('bindings check: aliases and explicit groups (SPEC §11)', () => {
  const result = parseOrg({
    identitySets: [{ name: 'corp' }],
    users: [
      { email: 'alice@example.com', roles: ['Payments'], aliases: { corp: 'alice_l' } },
      { email: 'bob@example.com', roles: ['Payments'] },
    ],
    roles: [
      { name: 'Payments', rules: [{ resources: ['staging'] }, { resources: ['ldap'], groups: ['payments-rw'] }] },
    ],
    resources: [
      { name: 'staging', type: 'kubernetes-user-impersonation', cluster: { kubeconfig: 'k' } },
      {
        name: 'ldap',
        type: 'kubernetes-user-impersonation',
        cluster: { kubeconfig: 'k' },
        impersonation: { identitySet: 'corp' },
      },
    ],
  });
  if (!result.ok) throw new Error('org does not parse');
  const org = result.org;
  const withUser = (snapshot: RbacSnapshot, user: string): RbacSnapshot => ({
    ...snapshot,
    roleBindings: [
      {
        metadata: { name: `${user}-view`, namespace: 'team-a' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
      },
    ],
  });

  it.each([
    [
      'ldap',
      boundTo(['payments']),
      'warn',
      'no binding names the explicit group "payments-rw" (rule 2 of role "Payments"); no binding names the alias User "alice_l" (alice@example.com); unless a group grants them access, they get none',
    ],
    [
      'ldap',
      withUser(boundTo(['payments', 'payments-rw']), 'alice_l'),
      'ok',
      'each of the 1 role group, 1 explicit group, 1 alias is named by a RoleBinding or ClusterRoleBinding',
    ],
    // A Group subject of the alias's name is not a binding of the User.
    [
      'ldap',
      boundTo(['payments', 'payments-rw', 'alice_l']),
      'warn',
      'no binding names the alias User "alice_l" (alice@example.com); unless a group grants them access, they get none',
    ],
    // staging: no rule of it has explicit groups, nobody is an alias there.
    [
      'staging',
      boundTo(['payments']),
      'ok',
      'each of the 1 role group is named by a RoleBinding or ClusterRoleBinding',
    ],
  ] as const)('%s %#', (resource, snapshot, status, finding) => {
    const check = checkBindings(org, snapshot, resource);
    expect([check.status, check.finding]).toEqual([status, finding]);
  });
});
