// Per user (SPEC §6 admin preview): the identity the proxy sends and, on every assigned resource,
// a can-i matrix computed as the cluster would authorize that identity — on that resource (SPEC
// §11): its username (the email or the person's alias) and groups (with its rules' explicit groups).
import { GatehouseError } from '../../../../shared/errors';
import type { UserAccessPreview, UserResourceAccess, UsersAccessPreview } from '../../../../shared/admin';
import { identityFor, type Org, type UserIdentity } from '../../../../shared/org';
import { emailProblem } from '../../../../shared/roles';
import { describeClusterFailure } from '../cluster-failure';
import { computeCanIMatrix } from './can-i-matrix';
import { prepareMatrixContext, type MatrixContext, type MatrixOptions } from './matrix-context';

/** Kind `not-found`: the admin asked about a user the org file does not have. */
export class UnknownUserError extends GatehouseError {
  constructor(message: string) {
    super('not-found', message);
  }
}

/** Matrix contexts by resource name, so many users share one namespace choice per cluster. */
type ContextCache = Map<string, Promise<MatrixContext>>;

async function accessOn(
  org: Org,
  identity: UserIdentity,
  resourceName: string,
  options: MatrixOptions,
  cache: ContextCache,
): Promise<UserResourceAccess> {
  const problem = emailProblem(identity.email);
  if (problem !== null) return { resource: resourceName, canI: null, error: `this user cannot connect: ${problem}` };
  const onResource = identity.identities.find((entry) => entry.resource === resourceName);
  if (onResource?.username === null)
    return { resource: resourceName, canI: null, error: `this user cannot connect: ${onResource.problem}` };
  const resource = org.resources.find((r) => r.name === resourceName);
  if (!resource) return { resource: resourceName, canI: null, error: 'unknown resource' }; // unreachable: assigned names come from the org
  let context = cache.get(resourceName);
  if (!context) {
    context = prepareMatrixContext(org, resource, options);
    cache.set(resourceName, context);
  }
  const ready = await context;
  if ('error' in ready) return { resource: resourceName, canI: null, error: ready.error };
  try {
    const subject = onResource
      ? { user: onResource.username, groups: onResource.groups.map((group) => group.name) }
      : { user: identity.email, groups: identity.groups };
    return {
      resource: resourceName,
      canI: await computeCanIMatrix(ready.client, subject, ready.spec, options.concurrency),
      error: null,
    };
  } catch (err) {
    return {
      resource: resourceName,
      canI: null,
      error: `cannot compute the can-i matrix: ${describeClusterFailure(err).message}`,
    };
  }
}

async function previewIdentity(
  org: Org,
  identity: UserIdentity,
  options: MatrixOptions,
  cache: ContextCache,
): Promise<UserAccessPreview> {
  const access: UserResourceAccess[] = [];
  for (const name of identity.resources) access.push(await accessOn(org, identity, name, options, cache));
  const { email, name, roles, groups, warnings, resources, identities } = identity;
  return { email, name, roles, groups, warnings, resources, identities, access };
}

export async function userAccessPreview(
  org: Org,
  email: string,
  options: MatrixOptions = {},
): Promise<UserAccessPreview> {
  const identity = identityFor(org, email);
  if (!identity) throw new UnknownUserError(`user ${email} is not in the org`);
  return previewIdentity(org, identity, options, new Map());
}

/** Every user of the org, one after another (each matrix already runs its reviews in parallel). */
export async function usersAccessPreview(org: Org, options: MatrixOptions = {}): Promise<UsersAccessPreview> {
  const cache: ContextCache = new Map();
  const users: UserAccessPreview[] = [];
  for (const user of org.users) {
    const identity = identityFor(org, user.email);
    if (identity) users.push(await previewIdentity(org, identity, options, cache));
  }
  return { users };
}
