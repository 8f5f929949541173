// Gateway mode's assignments (SPEC §10): the resources /v1/me lists, each behind a loopback
// listener that forwards to `https://<gateway>/k8s/<resource>` with the person's ID token. The
// desktop holds no org file and no leased credential: whether the person may use a resource is
// the gateway's decision on every request, so a name /v1/me does not list is simply not theirs.
import type { RequestRecord } from '../../../shared/activity';
import { GatehouseError } from '../../../shared/errors';
import type { JsonlLog } from '../../domain/audit/jsonl-log';
import { GatewayForwardingAdmission } from '../../domain/proxy/gateway-forwarding-admission';
import { DEFAULT_LISTENER_LIMITS, maxConnectionsSetting } from '../../domain/proxy/listener-limits';
import type { LocalTls } from '../../domain/proxy/local-tls';
import { ImpersonatingProxy } from '../../domain/proxy/server';
import { AsciicastRecorder } from '../../domain/proxy/session-recorder';
import type { AppPaths } from '../../platform/paths';
import type { AssignedResource, Assignments, ResourceListener } from '../connections/assignments';
import { recordingRetention, SettingsStore } from '../state/settings-store';
import type { TokenStore } from '../state/token-store';
import type { GatewayEndpoint } from './gateway-api';
import type { GatewayResource } from './gateway-person';

export interface GatewayAssignmentsDeps {
  paths: AppPaths;
  tokens: TokenStore;
  tls: LocalTls;
  requestLog: JsonlLog<RequestRecord>;
  onRequest: (record: RequestRecord) => void;
  endpoint: GatewayEndpoint;
  /** The person's current ID token (refreshed when needed); rejects with not-signed-in when the session ended. */
  bearer: () => Promise<string>;
  /** What /v1/me said last. */
  resources: () => readonly GatewayResource[];
  onReachability: (reachable: boolean, reason: string | null) => void;
}

/** `https://gateway/k8s/<name>`: where a resource is reached (shown, and what `--direct` writes). */
export function resourceUrl(gateway: string, resource: string): string {
  return `${gateway.replace(/\/+$/, '')}/k8s/${encodeURIComponent(resource)}`;
}

export class GatewayAssignments implements Assignments {
  constructor(
    private readonly deps: GatewayAssignmentsDeps,
    readonly user: string,
  ) {}

  list(): AssignedResource[] {
    return this.deps.resources().map((r) => ({
      name: r.name,
      type: r.type,
      tags: r.tags,
      healthcheckNamespace: r.healthcheckNamespace,
      server: null,
      via: resourceUrl(this.deps.endpoint.url, r.name),
    }));
  }

  fixedPorts(): Set<number> {
    return new Set();
  }

  /** The gateway and its CA are fixed for the session: a listener never needs rebuilding. */
  changed(): boolean {
    return false;
  }

  lookupError(name: string, assigned: readonly string[]): Error {
    // The gateway does not say whether a name exists for someone else (so names cannot be enumerated).
    return new GatehouseError(
      'refused',
      `resource "${name}" is not one the gateway ${this.deps.endpoint.url} lets ${this.user} use (assigned: ${assigned.join(', ') || 'none'})`,
    );
  }

  portHint(): string {
    return `change it in ${this.deps.paths.ports}`;
  }

  listener(resource: AssignedResource, port: number): ResourceListener {
    return new ImpersonatingProxy({
      admission: new GatewayForwardingAdmission({
        resource: resource.name,
        localToken: () => this.deps.tokens.get(this.user, resource.name),
        gateway: { url: new URL(this.deps.endpoint.url), caPem: this.deps.endpoint.caPem },
        bearer: this.deps.bearer,
        person: () => this.user,
        onReachability: this.deps.onReachability,
      }),
      port,
      recorder: new AsciicastRecorder(this.deps.paths.recordings, {
        retention: () => recordingRetention(new SettingsStore(this.deps.paths.settings).get()),
      }),
      tls: this.deps.tls,
      limits: { maxConnections: maxConnectionsSetting(DEFAULT_LISTENER_LIMITS.maxConnections) },
      onRequest: (record) => {
        this.deps.requestLog.append(record);
        this.deps.onRequest(record);
      },
    });
  }
}
