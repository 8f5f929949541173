// Picks the org resources a command works on: one by name, or all of them.
import { GatehouseError } from '../../../shared/errors';
import type { Org, OrgResource } from '../../../shared/org';

/** Kind `not-found`: the person named a resource the org file does not have (SPEC §7: exit 2). */
export class UnknownResourceError extends GatehouseError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** `names` empty or undefined = every resource, in org order; `file`, when known, is named in the error. */
export function selectResources(org: Org, names: readonly string[] = [], file?: string): OrgResource[] {
  if (names.length === 0) return [...org.resources];
  return names.map((name) => {
    const resource = org.resources.find((r) => r.name === name);
    if (!resource) {
      const known = org.resources.map((r) => r.name).join(', ') || 'none';
      throw new UnknownResourceError(`unknown resource "${name}" (the org has: ${known})${file === undefined ? '' : ` in ${file}`}`);
    }
    return resource;
  });
}
