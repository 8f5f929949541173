// One ClusterRoleBinding template per group the org's roles derive: the admin decides what each
// role may do; Gatehouse only knows the group name to bind. Pure.
import type { Org } from '../../../../shared/org';
import { validRoleGroups } from '../role-groups';
import { quotedList } from '../text';
import type { CommentedObject } from './commented-object';
import { MANAGED_BY_LABEL } from './impersonator-objects';
import { toObjectName, uniqueName } from './object-name';

export const PLACEHOLDER_CLUSTER_ROLE = 'view';

function servesComment(group: string, roles: readonly string[]): string {
  const served =
    roles.length === 1
      ? `role ${quotedList(roles)}`
      : `roles ${quotedList(roles)} (they derive the same group, so they share this binding)`;
  return [
    ` Template for ${served}: group "${group}".`,
    ` PLACEHOLDER: "${PLACEHOLDER_CLUSTER_ROLE}" is only an example — edit roleRef to what members of this role should get`,
    ' (or turn it into a RoleBinding in one namespace) before applying.',
  ].join('\n');
}

export function groupBindingTemplates(org: Org): CommentedObject[] {
  const taken = new Set<string>();
  return validRoleGroups(org).map(({ group, roles }) => ({
    comment: servesComment(group, roles),
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: uniqueName(`gatehouse-group-${toObjectName(group)}`, taken), labels: { ...MANAGED_BY_LABEL } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: PLACEHOLDER_CLUSTER_ROLE },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }],
    },
  }));
}
