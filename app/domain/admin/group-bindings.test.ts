import { describe, expect, it } from 'vitest';
import { bindingsNamingGroup } from './group-bindings';
import type { RbacSnapshot } from './rbac-snapshot';

const group = (name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });
const user = (name: string) => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });

const snapshot: RbacSnapshot = {
  clusterRoleBindings: [
    {
      metadata: { name: 'eng-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [group('engineering')],
    },
    {
      metadata: { name: 'eng-secrets' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secret-reader' },
      subjects: [user('x'), group('engineering')],
    },
    {
      metadata: { name: 'gone' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'deleted' },
      subjects: [group('ops')],
    },
    // A *user* named like the group does not count.
    {
      metadata: { name: 'user-named-sre' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [user('sre')],
    },
  ],
  roleBindings: [
    {
      metadata: { name: 'sre-ops', namespace: 'team-a' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-operator' },
      subjects: [group('sre')],
    },
    {
      metadata: { name: 'sre-b', namespace: 'team-b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-operator' },
      subjects: [group('sre')],
    },
  ],
  clusterRoles: [
    { metadata: { name: 'view' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }] },
    {
      metadata: { name: 'secret-reader' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
    },
  ],
  roles: [
    {
      metadata: { name: 'pod-operator', namespace: 'team-a' },
      rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }],
    },
  ],
};

describe('bindingsNamingGroup', () => {
  it('finds the cluster-wide bindings of a group, sorted, with their rules in words', () => {
    expect(bindingsNamingGroup(snapshot, 'engineering')).toEqual([
      {
        kind: 'ClusterRoleBinding',
        name: 'eng-secrets',
        namespace: null,
        roleRef: { kind: 'ClusterRole', name: 'secret-reader' },
        roleStatus: 'found',
        rules: ['get, list, watch secrets'],
      },
      {
        kind: 'ClusterRoleBinding',
        name: 'eng-view',
        namespace: null,
        roleRef: { kind: 'ClusterRole', name: 'view' },
        roleStatus: 'found',
        rules: ['get, list, watch pods'],
      },
    ]);
  });

  it('resolves a Role in the binding’s own namespace only', () => {
    const found = bindingsNamingGroup(snapshot, 'sre');
    expect(found.map((b) => [b.namespace, b.name, b.roleStatus, b.rules])).toEqual([
      ['team-a', 'sre-ops', 'found', ['create pods/exec']],
      ['team-b', 'sre-b', 'missing', []],
    ]);
  });

  it('says when the referenced role is missing or unreadable, and finds nothing for an unbound group', () => {
    expect(bindingsNamingGroup(snapshot, 'ops')[0]?.roleStatus).toBe('missing');
    expect(bindingsNamingGroup({ ...snapshot, clusterRoles: null }, 'ops')[0]?.roleStatus).toBe('unreadable');
    expect(bindingsNamingGroup(snapshot, 'datascience')).toEqual([]);
  });
});
