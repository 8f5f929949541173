// Builds the impersonating proxy for one resource of the signed-in user: upstream from the org's
// leased credential, identity from the org, local token and port from app data.
import type { Org, OrgResource } from '../../../shared/org';
import { identityFor } from '../../../shared/org';
import { JsonlLog } from '../../domain/audit/jsonl-log';
import type { AppPaths } from '../../platform/paths';
import type { IdentitySource, ImpersonatedIdentity } from '../../domain/proxy/identity';
import { LoopbackAdmission } from '../../domain/proxy/loopback-admission';
import { DEFAULT_LISTENER_LIMITS, maxConnectionsSetting } from '../../domain/proxy/listener-limits';
import { ImpersonatingProxy } from '../../domain/proxy/server';
import { AsciicastRecorder } from '../../domain/proxy/session-recorder';
import { recordingRetention, SettingsStore } from '../state/settings-store';
import type { RequestRecord } from '../../../shared/activity';
import { upstreamForResource } from '../../domain/proxy/upstream-for-resource';
import { emailProblem } from '../../../shared/roles';
import { GatehouseError } from '../../../shared/errors';
import type { LocalTls } from '../../domain/proxy/local-tls';

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

/**
 * The identity as the org says now, for THIS resource (SPEC §11: the email or the person's alias in
 * the resource's identity set, the groups its rules add); throws when the user lost access or has
 * no alias — never a fallback to the email. Worked out once per org version (a reload makes a new
 * Org object), not on every request.
 */
export function orgIdentitySource(org: () => Org, user: string, resource: string): IdentitySource {
  let last: { org: Org; identity: ImpersonatedIdentity | Error } | null = null;
  return {
    current() {
      const current = org();
      if (last?.org !== current) {
        const identity = identityFor(current, user);
        const onResource = identity?.identities.find((entry) => entry.resource === resource);
        last = {
          org: current,
          identity: !identity
            ? new AccessError(`user ${user} is not in the org file`)
            : !onResource
              ? new AccessError(`resource "${resource}" is not assigned to ${user}`)
              : onResource.username === null
                ? new GatehouseError(
                    'refused',
                    `cannot connect to resource "${resource}": ${onResource.problem ?? 'no username'}`,
                  )
                : { user: onResource.username, groups: onResource.groups.map((group) => group.name) },
        };
      }
      if (last.identity instanceof Error) throw last.identity;
      return last.identity;
    },
  };
}

export function checkAccess(org: Org, user: string, resource: string): void {
  const problem = emailProblem(user);
  if (problem) throw new AccessError(`cannot connect as "${user}": ${problem}`);
  orgIdentitySource(() => org, user, resource).current();
}

/** A resource's loopback listener; its admission holds the health-check token. */
export type ResourceProxy = ImpersonatingProxy<LoopbackAdmission>;

export function createResourceProxy(opts: ResourceProxyOptions): ResourceProxy {
  checkAccess(opts.org(), opts.user, opts.resource.name);
  return new ImpersonatingProxy({
    admission: new LoopbackAdmission({
      resource: opts.resource.name,
      localToken: opts.localToken,
      identity: orgIdentitySource(opts.org, opts.user, opts.resource.name),
      upstream: upstreamForResource(opts.resource),
    }),
    port: opts.port,
    // Retention reads the settings when it runs, so a change applies from the next recording on.
    recorder: new AsciicastRecorder(opts.paths.recordings, {
      retention: () => recordingRetention(new SettingsStore(opts.paths.settings).get()),
    }),
    tls: opts.tls,
    limits: { maxConnections: maxConnectionsSetting(DEFAULT_LISTENER_LIMITS.maxConnections) },
    onRequest: (record) => {
      opts.requestLog.append(record);
      opts.onRequest?.(record);
    },
  });
}
