import type { AccessRule, OrgResource } from './org-schema';

/** Static (`resources`) and dynamic (`tags`, all must match) clauses of one rule must both hold. */
export function ruleMatches(rule: AccessRule, resource: OrgResource): boolean {
  const byName = rule.resources === undefined || rule.resources.includes(resource.name);
  const byTags =
    rule.tags === undefined || Object.entries(rule.tags).every(([key, value]) => resource.tags[key] === value);
  return byName && byTags;
}
