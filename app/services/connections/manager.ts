// The connection manager (issue: connections): connect and disconnect the signed-in person's
// resources, each on its stable port with its local token, report state and health, and follow
// org-file changes without a restart. It serves the app, the agent and `connect --foreground`.
import type { ApiEvent, ConnectionState, HealthState, ResourceStatus } from '../../../shared/api';
import type { RequestRecord } from '../../../shared/activity';
import { identityFor, type Org, type OrgResource } from '../../../shared/org';
import type { JsonlLog } from '../../domain/audit/jsonl-log';
import type { AppPaths } from '../../platform/paths';
import type { LocalTls } from '../../domain/proxy/local-tls';
import type { PortStore } from '../state/port-store';
import type { TokenStore } from '../state/token-store';
import { checkHealth } from './health-check';
import { createResourceProxy, type ResourceProxy } from './resource-proxy';
import { connectionSettingsChanged } from './connection-settings';
import { resourceLookupError } from './resource-lookup';

export interface ManagerDeps {
  paths: AppPaths;
  tokens: TokenStore;
  ports: PortStore;
  tls: LocalTls;
  requestLog: JsonlLog<RequestRecord>;
  emit: (event: ApiEvent) => void;
  /** How often connected resources are checked; 0 turns periodic checks off. */
  healthIntervalMs?: number;
}

interface Entry {
  resource: OrgResource;
  state: ConnectionState;
  health: HealthState;
  error: string | null;
  port: number | null;
  proxy: ResourceProxy | null;
  timer: NodeJS.Timeout | null;
  /** Serialises connect/disconnect of one resource. */
  busy: Promise<void>;
}

export class ConnectionManager {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: ManagerDeps,
    private org: Org,
    private readonly orgFile: string,
    readonly user: string,
  ) {
    this.syncAssignments();
  }

  statuses(): ResourceStatus[] {
    return [...this.entries.values()].map((e) => ({
      name: e.resource.name,
      type: e.resource.type,
      port: e.port,
      state: e.state,
      health: e.health,
      error: e.error,
      tags: { ...e.resource.tags },
      server: 'server' in e.resource.cluster ? e.resource.cluster.server : null,
      healthcheckNamespace: e.resource.healthcheckNamespace,
      via: null,
    }));
  }

  assigned(): string[] {
    return [...this.entries.keys()];
  }

  /** Connects the named resources; an unknown or unassigned name is an error naming it. */
  async connect(names: readonly string[]): Promise<void> {
    const entries = names.map((n) => this.entry(n));
    await Promise.all(entries.map((e) => this.serialise(e, () => this.start(e))));
  }

  async disconnect(names: readonly string[]): Promise<void> {
    const entries = names.map((n) => this.entry(n));
    await Promise.all(entries.map((e) => this.serialise(e, () => this.stop(e, null))));
  }

  /**
   * Applies a new org: groups change for the next request, unassigned resources disconnect, and a
   * connected resource whose cluster, credential or port changed is reconnected — its proxy holds
   * the upstream and the port it was built with, so re-pointing it means building a new one.
   */
  async updateOrg(org: Org): Promise<void> {
    this.org = org;
    const { removed, changed } = this.syncAssignments();
    await Promise.all([
      ...removed.map((e) => this.serialise(e, () => this.stop(e, null))),
      ...changed.map((e) => this.serialise(e, () => this.reconnect(e))),
    ]);
    this.publish();
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => this.serialise(e, () => this.stop(e, null))));
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (!e) throw resourceLookupError(this.org, this.orgFile, this.user, this.assigned(), name) ?? new Error(`resource "${name}" has no entry`);
    return e;
  }

  /** Makes the entries match the resources the org assigns now; returns the ones dropped and the ones whose connection settings changed. */
  private syncAssignments(): { removed: Entry[]; changed: Entry[] } {
    const assigned = new Set(identityFor(this.org, this.user)?.resources ?? []);
    const removed: Entry[] = [];
    const changed: Entry[] = [];
    for (const [name, e] of this.entries) {
      if (!assigned.has(name)) {
        this.entries.delete(name);
        removed.push(e);
      }
    }
    for (const resource of this.org.resources) {
      if (!assigned.has(resource.name)) continue;
      const existing = this.entries.get(resource.name);
      if (existing) {
        if (connectionSettingsChanged(existing.resource, resource)) changed.push(existing);
        existing.resource = resource;
      } else {
        this.entries.set(resource.name, { resource, state: 'disconnected', health: 'unknown', error: null, port: null, proxy: null, timer: null, busy: Promise.resolve() });
      }
    }
    return { removed, changed };
  }

  /**
   * Closes the proxy (streams get a final message saying why) and starts one from the entry's
   * current resource: the new upstream, on the new port if that changed. Not connected: nothing
   * to do, the next connect uses the new settings. A failing start leaves the entry in error,
   * with the reason, as a failing connect does.
   */
  private async reconnect(e: Entry): Promise<void> {
    if (!e.proxy) return;
    await this.stop(e, null, `resource "${e.resource.name}" was reconnected: its cluster settings changed`);
    await this.start(e).catch(() => {});
  }

  private serialise(e: Entry, work: () => Promise<void>): Promise<void> {
    const next = e.busy.then(work, work);
    e.busy = next.catch(() => {});
    return next;
  }

  private fixedPorts(): Set<number> {
    return new Set(this.org.resources.flatMap((r) => (r.port === undefined ? [] : [r.port])));
  }

  private async start(e: Entry): Promise<void> {
    if (e.proxy) return;
    const name = e.resource.name;
    this.set(e, { state: 'connecting', error: null, health: 'unknown' });
    try {
      const port = await this.deps.ports.portFor(name, e.resource.port, this.fixedPorts());
      e.port = port;
      const proxy = createResourceProxy({
        org: () => this.org,
        user: this.user,
        resource: e.resource,
        port,
        localToken: () => this.deps.tokens.get(this.user, name),
        paths: this.deps.paths,
        requestLog: this.deps.requestLog,
        tls: this.deps.tls,
        onRequest: (record) => this.deps.emit({ type: 'request', record }),
      });
      try {
        await proxy.listen();
      } catch (err) {
        await proxy.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          const how = e.resource.port === undefined ? `change it in ${this.deps.paths.ports}` : `change "port:" of resource "${name}" in ${this.orgFile}`;
          throw new Error(`port ${port} for resource "${name}" is already in use on 127.0.0.1; stop what uses it or ${how}`, { cause: err });
        }
        throw err;
      }
      e.proxy = proxy;
      this.set(e, { state: 'connected' });
      // The first check is awaited, so a fresh connection reports its health right away.
      await this.health(e);
      const interval = this.deps.healthIntervalMs ?? 30_000;
      if (interval > 0) e.timer = setInterval(() => void this.health(e), interval);
    } catch (err) {
      this.set(e, { state: 'error', error: (err as Error).message });
      throw err;
    }
  }

  private async stop(e: Entry, error: string | null, why = `resource "${e.resource.name}" was disconnected by Gatehouse`): Promise<void> {
    if (e.timer) clearInterval(e.timer);
    e.timer = null;
    const proxy = e.proxy;
    e.proxy = null;
    if (proxy) await proxy.close(why);
    this.set(e, { state: error ? 'error' : 'disconnected', health: 'unknown', error });
  }

  private async health(e: Entry): Promise<void> {
    if (!e.proxy || e.port === null) return;
    const result = await checkHealth({
      port: e.port,
      token: e.proxy.admission.healthCheckToken, // not the local token: health checks stay out of the request log
      caPem: this.deps.tls.caPem,
      namespace: e.resource.healthcheckNamespace,
    });
    if (!e.proxy) return; // disconnected meanwhile
    const wasHealthy = e.health === 'healthy';
    this.set(e, { health: result.healthy ? 'healthy' : 'unhealthy', error: result.reason });
    if (wasHealthy && !result.healthy) this.deps.emit({ type: 'connection-lost', resource: e.resource.name, reason: result.reason ?? 'unhealthy' });
  }

  private set(e: Entry, patch: Partial<Pick<Entry, 'state' | 'health' | 'error'>>): void {
    Object.assign(e, patch);
    this.publish();
  }

  private publish(): void {
    this.deps.emit({ type: 'resources', resources: this.statuses() });
  }
}
