// What /readyz answers (SPEC §10): the org loaded, the issuer's keys held, the clusters reachable,
// and not shutting down. Cluster reachability is checked in the background on an interval with
// each resource's leased credential (GET /version), so a probe only reads the cached result and a
// flood of probes is no load on the clusters.
//
// A decision: one unreachable cluster does not make the gateway unready — every replica would
// fail it at once, and the Service would then drop access to every other cluster too. The gateway
// is unready when no cluster at all can be reached (or it has none checked yet); each cluster's
// state is in the body and in the `gatehouse_gateway_cluster_reachable` metric.
import http from 'node:http';
import https from 'node:https';
import type { Org } from '../../../shared/org';
import { messageOf } from '../../../shared/errors';
import type { UpstreamPool } from './upstream-pool';

export interface ClusterState {
  reachable: boolean;
  checkedAt: string;
  /** Why not (never a credential). */
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  org: { file: string; loadedAt: string; lastReloadError: string | null };
  keys: { count: number; fetchedAt: string | null; lastError: string | null };
  clusters: Record<string, ClusterState>;
  /** Why not ready, when not. */
  problems: string[];
}

export interface ReadinessSources {
  org: () => Org;
  orgInfo: () => { file: string; loadedAt: Date; lastError: string | null };
  keys: () => { keys: number; fetchedAt?: Date; lastError?: string };
  upstreams: UpstreamPool;
  onCluster?: (resource: string, reachable: boolean) => void;
  timeoutMs?: number;
}

/** One GET /version with the leased credential: any answer below 500 means the cluster is there. */
async function probe(pool: UpstreamPool, org: Org, name: string, timeoutMs: number): Promise<ClusterState> {
  const checkedAt = new Date().toISOString();
  const resource = org.resources.find((r) => r.name === name);
  if (!resource) return { reachable: false, checkedAt, error: 'not in the org' };
  try {
    const upstream = pool.get(resource);
    const target = await upstream.target();
    const client = upstream.server.protocol === 'https:' ? https : http;
    const status = await new Promise<number>((resolve, reject) => {
      const req = client.request(
        { protocol: upstream.server.protocol, hostname: upstream.server.hostname, port: upstream.server.port, path: '/version', method: 'GET', agent: target.agent, headers: { ...target.headers, accept: 'application/json' }, timeout: timeoutMs },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
    return status > 0 && status < 500 ? { reachable: true, checkedAt } : { reachable: false, checkedAt, error: `GET /version answered ${status}` };
  } catch (err) {
    return { reachable: false, checkedAt, error: messageOf(err).slice(0, 300) };
  }
}

export class Readiness {
  private clusters = new Map<string, ClusterState>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  draining = false;

  constructor(private readonly sources: ReadinessSources) {}

  /** Checks every cluster now (settles when done), then again every `intervalMs`. */
  start(intervalMs: number): Promise<void> {
    const first = this.check();
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
    return first;
  }

  check(): Promise<void> {
    this.checking ??= (async () => {
      const org = this.sources.org();
      const names = org.resources.map((r) => r.name);
      const results = await Promise.all(names.map((name) => probe(this.sources.upstreams, org, name, this.sources.timeoutMs ?? 5_000)));
      const next = new Map<string, ClusterState>();
      names.forEach((name, i) => {
        const state = results[i];
        if (!state) return;
        next.set(name, state);
        this.sources.onCluster?.(name, state.reachable);
      });
      this.clusters = next;
    })().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  report(): ReadinessReport {
    const orgInfo = this.sources.orgInfo();
    const keys = this.sources.keys();
    const problems: string[] = [];
    if (this.draining) problems.push('shutting down');
    if (keys.keys === 0) problems.push(`no signing keys of the issuer${keys.lastError ? ` (${keys.lastError})` : ''}`);
    const states = [...this.clusters.values()];
    if (this.sources.org().resources.length > 0 && !states.some((s) => s.reachable)) problems.push(states.length === 0 ? 'clusters not checked yet' : 'no cluster is reachable');
    return {
      ready: problems.length === 0,
      draining: this.draining,
      org: { file: orgInfo.file, loadedAt: orgInfo.loadedAt.toISOString(), lastReloadError: orgInfo.lastError },
      keys: { count: keys.keys, fetchedAt: keys.fetchedAt?.toISOString() ?? null, lastError: keys.lastError ?? null },
      clusters: Object.fromEntries(this.clusters),
      problems,
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
