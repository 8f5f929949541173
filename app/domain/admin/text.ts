// Small wording helpers shared by findings and generated comments, so every message quotes names
// and lists them the same way.

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => JSON.stringify(name));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/** `1 user`, `2 users`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface RbacRuleText {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/** A policy rule on one line, as it is written in a Role: `apiGroups: [""], resources: ["users"], verbs: ["impersonate"]`. */
export function ruleText(rule: RbacRuleText): string {
  const parts = [
    `apiGroups: ${JSON.stringify(rule.apiGroups)}`,
    `resources: ${JSON.stringify(rule.resources)}`,
    `verbs: ${JSON.stringify(rule.verbs)}`,
  ];
  if (rule.resourceNames && rule.resourceNames.length > 0)
    parts.push(`resourceNames: ${JSON.stringify(rule.resourceNames)}`);
  return parts.join(', ');
}
