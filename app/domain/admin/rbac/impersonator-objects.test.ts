import { describe, expect, it } from 'vitest';
import { impersonatorObjects } from './impersonator-objects';
import { subjectForUsername } from './rbac-subject';

const targets = { users: ['alice@example.com', 'bob@example.com'], groups: ['engineering', 'system:authenticated'] };
const READ_REVIEWS = [
  {
    apiGroups: ['authorization.k8s.io'],
    resources: ['selfsubjectaccessreviews', 'subjectaccessreviews'],
    verbs: ['create'],
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
    verbs: ['get', 'list', 'watch'],
  },
];

function rulesOf(objects: ReturnType<typeof impersonatorObjects>): unknown {
  return objects[0]?.object.rules;
}

describe('impersonator ClusterRole', () => {
  it('is least privilege by default: exactly the users, their groups and system:authenticated', () => {
    const objects = impersonatorObjects({
      resourceName: 'staging',
      leasedUsername: 'gatehouse-leased',
      targets,
      broad: false,
    });
    expect(rulesOf(objects)).toEqual([
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: targets.users },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: targets.groups },
      ...READ_REVIEWS,
    ]);
    expect(objects[0]?.object.metadata).toMatchObject({ name: 'gatehouse-impersonator-staging' });
    expect(objects[1]?.object).toMatchObject({
      kind: 'ClusterRoleBinding',
      roleRef: { kind: 'ClusterRole', name: 'gatehouse-impersonator-staging' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'gatehouse-leased' }],
    });
  });

  it('never emits an empty resourceNames list (RBAC would read it as "any name")', () => {
    const objects = impersonatorObjects({
      resourceName: 'x',
      leasedUsername: 'u',
      targets: { users: [], groups: [] },
      broad: false,
    });
    expect(rulesOf(objects)).toEqual(READ_REVIEWS);
    expect(objects[0]?.comment).toContain('allows no impersonation at all');
  });

  it('--broad allows any user and group', () => {
    const objects = impersonatorObjects({ resourceName: 'x', leasedUsername: 'u', targets, broad: true });
    expect(rulesOf(objects)).toEqual([
      { apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] },
      ...READ_REVIEWS,
    ]);
  });
});

describe('subjectForUsername', () => {
  it('binds service accounts as ServiceAccount subjects, anything else as a User', () => {
    expect(subjectForUsername('system:serviceaccount:gatehouse:leased')).toEqual({
      kind: 'ServiceAccount',
      name: 'leased',
      namespace: 'gatehouse',
    });
    expect(subjectForUsername('system:serviceaccount:broken')).toEqual({
      kind: 'User',
      apiGroup: 'rbac.authorization.k8s.io',
      name: 'system:serviceaccount:broken',
    });
    expect(subjectForUsername('arn:aws:iam::1:role/x')).toMatchObject({ kind: 'User', name: 'arn:aws:iam::1:role/x' });
  });
});
