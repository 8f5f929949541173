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
      boundTo(['engineering', 'sre-on-call', 'developers', 'platform-team']),
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
      'members of roles "SRE On-Call", "Developers", "Data.Science", "Platform Team" and "Platform-Team" get no access: ' +
        'no RoleBinding or ClusterRoleBinding names their groups "sre-on-call", "developers", "datascience" and "platform-team"',
    );
  });

  it('is ok when every group is bound', () => {
    const check = checkBindings(
      demo,
      boundTo(['engineering', 'sre-on-call', 'developers', 'platform-team', 'datascience']),
      'x',
    );
    expect(check).toEqual({
      id: 'bindings',
      status: 'ok',
      finding: 'each of the 5 role groups is named by a RoleBinding or ClusterRoleBinding',
      fix: null,
    });
  });
});
