// Builds the impersonating proxy for one resource of the signed-in user: upstream from the org's
// leased credential, identity from the org, local token and port from app data.
import type { Org, OrgResource } from '../../shared/org';
import { identityFor } from '../../shared/org';
import { JsonlLog } from '../audit/jsonl-log';
import type { AppPaths } from '../paths';
import type { IdentitySource } from '../proxy/identity';
import { ImpersonatingProxy } from '../proxy/server';
import { AsciicastRecorder } from '../proxy/session-recorder';
import type { RequestRecord } from '../../shared/activity';
import { upstreamForResource } from './upstream-for-resource';
import { emailProblem } from '../../shared/roles';
import type { LocalTls } from '../proxy/local-tls';

/** Thrown when the signed-in person cannot use a resource: unknown user, not assigned, bad email. */
export class AccessError extends Error {}

export interface ResourceProxyOptions {
  /** Read on every request, so an org reload changes groups without a restart. */
  org: () => Org;
  user: string;
  resource: OrgResource;
  port: number;
  localToken: () => string;
  paths: AppPaths;
  requestLog: JsonlLog<RequestRecord>;
  tls: LocalTls;
  onRequest?: (record: RequestRecord) => void;
}

/** The identity as the org says now; throws when the user lost access. */
export function orgIdentitySource(org: () => Org, user: string, resource: string): IdentitySource {
  return {
    current() {
      const identity = identityFor(org(), user);
      if (!identity) throw new AccessError(`user ${user} is not in the org file`);
      if (!identity.resources.includes(resource)) throw new AccessError(`resource "${resource}" is not assigned to ${user}`);
      return { user: identity.email, groups: identity.groups };
    },
  };
}

export function checkAccess(org: Org, user: string, resource: string): void {
  const problem = emailProblem(user);
  if (problem) throw new AccessError(`cannot connect as "${user}": ${problem}`);
  orgIdentitySource(() => org, user, resource).current();
}

export function createResourceProxy(opts: ResourceProxyOptions): ImpersonatingProxy {
  checkAccess(opts.org(), opts.user, opts.resource.name);
  return new ImpersonatingProxy({
    resource: opts.resource.name,
    port: opts.port,
    localToken: opts.localToken,
    identity: orgIdentitySource(opts.org, opts.user, opts.resource.name),
    upstream: upstreamForResource(opts.resource),
    recorder: new AsciicastRecorder(opts.paths.recordings),
    tls: opts.tls,
    onRequest: (record) => {
      opts.requestLog.append(record);
      opts.onRequest?.(record);
    },
  });
}
