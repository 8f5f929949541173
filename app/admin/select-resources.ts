// Picks the org resources a command works on: one by name, or all of them.
import type { Org, OrgResource } from '../../shared/org';

export class UnknownResourceError extends Error {}

/** `names` empty or undefined = every resource, in org order. */
export function selectResources(org: Org, names: readonly string[] = []): OrgResource[] {
  if (names.length === 0) return [...org.resources];
  return names.map((name) => {
    const resource = org.resources.find((r) => r.name === name);
    if (!resource) {
      const known = org.resources.map((r) => r.name).join(', ') || 'none';
      throw new UnknownResourceError(`unknown resource "${name}" (the org has: ${known})`);
    }
    return resource;
  });
}
