// The connection manager (issue: connections): connect and disconnect the signed-in person's
// resources, each on its stable port with its local token, report state and health, and follow
// changes of what is assigned (an org-file edit, the gateway's /v1/me) without a restart. It
// serves the app, the agent and `connect --foreground`, in local and in gateway mode alike
// (assignments.ts says what differs).
import type { ApiEvent, ConnectionState, HealthState, ResourceStatus } from '../../../shared/api';
import type { LocalTls } from '../../domain/proxy/local-tls';
import type { PortStore } from '../state/port-store';
import type { AssignedResource, Assignments, ResourceListener } from './assignments';
import { checkHealth } from './health-check';

export interface ManagerDeps {
  ports: PortStore;
  tls: LocalTls;
  emit: (event: ApiEvent) => void;
  /** How often connected resources are checked; 0 turns periodic checks off. */
  healthIntervalMs?: number;
}

interface Entry<R extends AssignedResource> {
  resource: R;
  state: ConnectionState;
  health: HealthState;
  error: string | null;
  port: number | null;
  proxy: ResourceListener | null;
  timer: NodeJS.Timeout | null;
  /** Serialises connect/disconnect of one resource. */
  busy: Promise<void>;
}

export class ConnectionManager<R extends AssignedResource = AssignedResource> {
  private readonly entries = new Map<string, Entry<R>>();

  constructor(
    private readonly deps: ManagerDeps,
    private readonly assignments: Assignments<R>,
  ) {
    this.syncAssignments();
  }

  get user(): string {
    return this.assignments.user;
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
      server: e.resource.server,
      healthcheckNamespace: e.resource.healthcheckNamespace,
      via: e.resource.via,
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
   * Applies what the assignments say now (after an org reload or a /v1/me refresh): groups change
   * for the next request, unassigned resources disconnect, and a connected resource whose upstream
   * or port changed is reconnected — its proxy holds the upstream and the port it was built with,
   * so re-pointing it means building a new one.
   */
  async update(): Promise<void> {
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

  private entry(name: string): Entry<R> {
    const e = this.entries.get(name);
    if (!e) throw this.assignments.lookupError(name, this.assigned());
    return e;
  }

  /** Makes the entries match what is assigned now; returns the ones dropped and the ones whose connection settings changed. */
  private syncAssignments(): { removed: Entry<R>[]; changed: Entry<R>[] } {
    const current = this.assignments.list();
    const assigned = new Set(current.map((r) => r.name));
    const removed: Entry<R>[] = [];
    const changed: Entry<R>[] = [];
    for (const [name, e] of this.entries) {
      if (!assigned.has(name)) {
        this.entries.delete(name);
        removed.push(e);
      }
    }
    for (const resource of current) {
      const existing = this.entries.get(resource.name);
      if (existing) {
        if (this.assignments.changed(existing.resource, resource)) changed.push(existing);
        existing.resource = resource;
      } else {
        this.entries.set(resource.name, {
          resource,
          state: 'disconnected',
          health: 'unknown',
          error: null,
          port: null,
          proxy: null,
          timer: null,
          busy: Promise.resolve(),
        });
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
  private async reconnect(e: Entry<R>): Promise<void> {
    if (!e.proxy) return;
    await this.stop(e, null, `resource "${e.resource.name}" was reconnected: its cluster settings changed`);
    await this.start(e).catch(() => {});
  }

  private serialise(e: Entry<R>, work: () => Promise<void>): Promise<void> {
    const next = e.busy.then(work, work);
    e.busy = next.catch(() => {});
    return next;
  }

  private async start(e: Entry<R>): Promise<void> {
    if (e.proxy) return;
    const name = e.resource.name;
    this.set(e, { state: 'connecting', error: null, health: 'unknown' });
    try {
      const port = await this.deps.ports.portFor(name, e.resource.port, this.assignments.fixedPorts());
      e.port = port;
      const proxy = this.assignments.listener(e.resource, port);
      try {
        await proxy.listen();
      } catch (err) {
        await proxy.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(
            `port ${port} for resource "${name}" is already in use on 127.0.0.1; stop what uses it or ${this.assignments.portHint(e.resource)}`,
            { cause: err },
          );
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

  private async stop(
    e: Entry<R>,
    error: string | null,
    why = `resource "${e.resource.name}" was disconnected by Gatehouse`,
  ): Promise<void> {
    if (e.timer) clearInterval(e.timer);
    e.timer = null;
    const proxy = e.proxy;
    e.proxy = null;
    if (proxy) await proxy.close(why);
    this.set(e, { state: error ? 'error' : 'disconnected', health: 'unknown', error });
  }

  private async health(e: Entry<R>): Promise<void> {
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
    if (wasHealthy && !result.healthy)
      this.deps.emit({ type: 'connection-lost', resource: e.resource.name, reason: result.reason ?? 'unhealthy' });
  }

  private set(e: Entry<R>, patch: Partial<Pick<Entry<R>, 'state' | 'health' | 'error'>>): void {
    Object.assign(e, patch);
    this.publish();
  }

  private publish(): void {
    this.deps.emit({ type: 'resources', resources: this.statuses() });
  }
}
