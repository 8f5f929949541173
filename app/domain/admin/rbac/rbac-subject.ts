// The RBAC subject that names a username as the API server reports it: service accounts are bound
// as ServiceAccount subjects (that is how `kubectl create clusterrolebinding --serviceaccount`
// writes them), everything else as a User.
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

export type RbacSubject =
  | { kind: 'User'; apiGroup: 'rbac.authorization.k8s.io'; name: string }
  | { kind: 'ServiceAccount'; name: string; namespace: string };

export function subjectForUsername(username: string): RbacSubject {
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const [namespace, name, ...rest] = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
    if (namespace && name && rest.length === 0) return { kind: 'ServiceAccount', name, namespace };
  }
  return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: username };
}
