// Naming a resource that cannot be connected is the person's mistake, not a runtime failure: the
// same message and the same kind (so the same exit code, SPEC §7) whether `gatehouse connect` asks
// the agent over the control socket or runs the manager itself with --foreground.
import { GatehouseError } from '../../../shared/errors';
import type { Org } from '../../../shared/org';

/**
 * An unknown resource (kind `not-found`: exit 2) or one not assigned to the person (kind `refused`:
 * exit 3). A GatehouseError, so every transport carries the kind to the client unchanged.
 */
export class ResourceLookupError extends GatehouseError {}

/** Why `name` cannot be connected by `user`, or null when it is one of `assigned`. */
export function resourceLookupError(
  org: Org,
  orgFile: string,
  user: string,
  assigned: readonly string[],
  name: string,
): ResourceLookupError | null {
  if (assigned.includes(name)) return null;
  if (!org.resources.some((r) => r.name === name)) {
    const known = org.resources.map((r) => r.name).join(', ') || 'none';
    return new ResourceLookupError('not-found', `unknown resource "${name}" (the org file ${orgFile} has: ${known})`);
  }
  return new ResourceLookupError(
    'refused',
    `resource "${name}" is not assigned to ${user} (assigned: ${assigned.join(', ') || 'none'})`,
  );
}
