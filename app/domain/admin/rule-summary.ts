// A policy rule in the words an admin reads it, e.g. "get, list, watch secrets" — the preview
// shows what a binding grants without sending people to `kubectl describe clusterrole`.

/** The fields of an RBAC PolicyRule that matter for reading it (client-node's V1PolicyRule fits). */
export interface PolicyRuleLike {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

function verbsText(verbs: readonly string[]): string {
  return verbs.includes('*') ? 'all verbs' : verbs.join(', ');
}

/** kubectl's `resource.group` naming: "secrets", "deployments.apps". */
function resourceText(resource: string, group: string): string {
  if (resource === '*' && group === '*') return 'all resources';
  if (resource === '*') return group === '' ? 'all core resources' : `all resources in ${group}`;
  if (group === '*') return `${resource} (any API group)`;
  return group === '' ? resource : `${resource}.${group}`;
}

export function summarizeRule(rule: PolicyRuleLike): string {
  const verbs = verbsText(rule.verbs);
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) return `${verbs} ${urls.join(', ')}`;
  const groups = rule.apiGroups && rule.apiGroups.length > 0 ? rule.apiGroups : [''];
  const resources = rule.resources ?? [];
  if (resources.length === 0) return `${verbs} (no resources)`;
  const targets = groups.flatMap((group) => resources.map((resource) => resourceText(resource, group)));
  const names = rule.resourceNames && rule.resourceNames.length > 0 ? ` named ${rule.resourceNames.join(', ')}` : '';
  return `${verbs} ${[...new Set(targets)].join(', ')}${names}`;
}

export function summarizeRules(rules: readonly PolicyRuleLike[]): string[] {
  return rules.map(summarizeRule);
}
