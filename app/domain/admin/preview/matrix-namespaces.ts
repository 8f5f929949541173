// Which namespaces get a row in the can-i matrix. RBAC answers can only differ between namespaces
// through RoleBindings, so those namespaces come first (the ones binding the org's groups before
// the rest); any other namespace answers like the cluster-wide row.
export interface NamespaceChoiceInput {
  /** The resource's healthcheckNamespace: where its users are expected to work. */
  preferred: string;
  /** Namespaces with a RoleBinding naming one of the org's role groups. */
  bindingTheOrg: readonly string[];
  /** Namespaces with any RoleBinding. */
  withRoleBindings: readonly string[];
  /** Every namespace, or null when the leased identity may not list them. */
  existing: readonly string[] | null;
  max: number;
}

/** System namespaces last: they rarely matter to the people using Gatehouse. */
function byRelevance(names: readonly string[]): string[] {
  const sorted = [...names].sort();
  return [...sorted.filter((n) => !n.startsWith('kube-')), ...sorted.filter((n) => n.startsWith('kube-'))];
}

export function chooseMatrixNamespaces(input: NamespaceChoiceInput): string[] {
  const candidates = [
    input.preferred,
    ...byRelevance(input.bindingTheOrg),
    'default',
    ...byRelevance(input.withRoleBindings),
    ...byRelevance(input.existing ?? []),
  ];
  const exists = (name: string): boolean => input.existing === null || input.existing.includes(name);
  return [...new Set(candidates)].filter(exists).slice(0, Math.max(0, input.max));
}
