// The leased identity's ClusterRole and ClusterRoleBinding (SPEC §6, vendor page): impersonate
// users and groups — least privilege by default, exactly the people of one resource — plus asking
// access reviews and reading RBAC for the admin preview. Pure.
import type { ImpersonationTargets } from '../impersonation-targets';
import { count } from '../text';
import type { CommentedObject } from './commented-object';
import { subjectForUsername } from './rbac-subject';

export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'gatehouse' } as const;

export interface ImpersonatorInput {
  resourceName: string;
  leasedUsername: string;
  targets: ImpersonationTargets;
  /** Unrestricted impersonation (any user, any group) instead of `resourceNames`. */
  broad: boolean;
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function impersonate(resources: string[], resourceNames?: string[]): Rule {
  const rule: Rule = { apiGroups: [''], resources, verbs: ['impersonate'] };
  return resourceNames === undefined ? rule : { ...rule, resourceNames };
}

function impersonateRules(input: ImpersonatorInput): { rules: Rule[]; comments: string[] } {
  if (input.broad) {
    return {
      rules: [impersonate(['users', 'groups'])],
      comments: [' --broad: may impersonate ANY user and group, including privileged ones'],
    };
  }
  const { users, groups } = input.targets;
  if (users.length === 0) {
    // An empty resourceNames list means "all names" to RBAC: never emit one.
    return { rules: [], comments: [] };
  }
  return {
    rules: [impersonate(['users'], users), impersonate(['groups'], groups)],
    comments: [
      ` Exactly the ${count(users.length, 'user')} assigned resource "${input.resourceName}" (their emails)`,
      ' Their role groups and system:authenticated (which Gatehouse always sends); nothing else',
    ],
  };
}

export function impersonatorName(resourceName: string): string {
  return `gatehouse-impersonator-${resourceName}`;
}

export function impersonatorObjects(input: ImpersonatorInput): CommentedObject[] {
  const name = impersonatorName(input.resourceName);
  const metadata = { name, labels: { ...MANAGED_BY_LABEL } };
  const impersonate = impersonateRules(input);
  const noUsers = !input.broad && input.targets.users.length === 0;
  const clusterRole: CommentedObject = {
    comment: noUsers
      ? ` No user is assigned resource "${input.resourceName}", so this role allows no impersonation at all.`
      : null,
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata,
      rules: [
        ...impersonate.rules,
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
      ],
    },
    ruleComments: [
      ...impersonate.comments,
      ' Doctor and admin preview: may the leased identity / a person do X?',
      ' Admin preview: which bindings name each group, and what they grant',
    ],
  };
  const binding: CommentedObject = {
    comment: ` Binds the role above to the leased identity, as the cluster names it: ${input.leasedUsername}`,
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [subjectForUsername(input.leasedUsername)],
    },
  };
  return [clusterRole, binding];
}
