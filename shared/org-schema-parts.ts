/** Building blocks shared by the org file schemas. */
import { z } from 'zod';

/**
 * A strict object whose unknown-key error lists what is allowed, so typos are quick to fix.
 * (One issue covers all unknown keys of the object; parseOrg splits it into one problem per key.)
 */
export function strictMap<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; allowed keys: ${allowed}` : undefined),
  });
}

export const nonEmptyText = z.string().min(1, 'must not be empty');
