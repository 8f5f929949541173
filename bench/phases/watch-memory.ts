// Memory of a proxy process holding many open watches (issue 13), in the two shapes of
// bench/lib/watches.ts: as HTTP/2 streams over a few connections (client-go programs) and as one
// HTTP/1.1 connection per watch. For each shape a fresh Gatehouse (`connect --foreground`) and a
// fresh `kubectl proxy`, so one shape's leftovers (V8 and malloc rarely give memory back) are not
// counted in the other's. Per process: RSS when idle (after a few requests in the same shape, so
// TLS and the code paths are warm), with every watch open and proven live, and after they close.
// Direct to the API server is measured for reference (open time, fan-out), with no proxy memory.
import type { Api } from '../lib/api';
import type { Child } from '../lib/child';
import {
  endpointFromKubeconfig,
  keepAliveAgent,
  plainEndpoint,
  sendOk,
  type Endpoint,
  type Headers,
} from '../lib/endpoint';
import { startGatehouse } from '../lib/gatehouse';
import { connectH2, h2Get } from '../lib/h2-session';
import { startKubectlProxy } from '../lib/kubectl';
import { memoryOf, type Memory } from '../lib/memory';
import { connectionsTo } from '../lib/sockets';
import { COLUMN } from '../lib/results';
import { openWatches, type WatchMode, type WatchShape } from '../lib/watches';

export const WATCH_MODES: readonly WatchMode[] = ['h2', 'http/1.1'];

export interface WatchMeasured {
  measured: true;
  label: string;
  mode: WatchMode;
  count: number;
  connections: number;
  /** h2: the listener's SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams: number | null;
  /** Null for direct: there is no proxy process to read. */
  idle: Memory | null;
  withWatches: Memory | null;
  afterClose: Memory | null;
  /** The proxy's TCP connections to the API server while the watches were open: multiplexed or one each. */
  upstreamConnections: number | null;
  openMs: number;
  /** From the change in the cluster until every watch had seen it. */
  fanoutMs: number;
}

export interface WatchNotMeasured {
  measured: false;
  label: string;
  mode: WatchMode;
  count: number;
  /** True when the measurement was tried and failed; false when the shape is not possible for that path. */
  failed: boolean;
  reason: string;
}

export type WatchRow = WatchMeasured | WatchNotMeasured;

export interface WatchesResult {
  path: string;
  count: number;
  /** h2: sessions opened before the first stream. */
  sessions: number;
  /** GATEHOUSE_MAX_CONNECTIONS of the listener in the HTTP/1.1 shape; the HTTP/2 one runs with the product's default. */
  maxConnections: number;
  rows: WatchRow[];
}

export interface WatchesOptions {
  admin: Api;
  /** The leased credential for the API server (direct and kubectl proxy). */
  leasedKubeconfig: string;
  org: string;
  resource: string;
  user: string;
  /** Impersonate-* headers for the columns that do not add them themselves. */
  impersonate: Headers;
  /** GATEHOUSE_HOME of the Gatehouse processes (one after the other). */
  home: string;
  /** The namespace the watches watch, where the proof's ConfigMaps are created and deleted. */
  namespace: string;
  warmupPath: string;
  count: number;
  parallel: number;
  sessions: number;
  modes?: readonly WatchMode[];
  log(line: string): void;
}

export const WARMUP_REQUESTS = 20;
const FANOUT_TIMEOUT_MS = 30_000;
/** More than any Node TLS connection count the listener would see besides the watches. */
const CONNECTION_HEADROOM = 64;

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A few GETs in the measured shape, so the idle reading has its code paths and TLS loaded. */
async function warmUp(endpoint: Endpoint, mode: WatchMode, path: string): Promise<void> {
  if (mode === 'http/1.1') {
    const agent = keepAliveAgent(endpoint);
    try {
      for (let i = 0; i < WARMUP_REQUESTS; i++) await sendOk(endpoint, agent, path);
    } finally {
      agent.destroy();
    }
    return;
  }
  const h2 = await connectH2(endpoint);
  try {
    for (let i = 0; i < WARMUP_REQUESTS; i++) {
      const status = await h2Get(h2, endpoint, path);
      if (status !== 200) throw new Error(`${endpoint.label}: HTTP/2 GET ${path} answered ${status}`);
    }
  } finally {
    h2.session.close();
  }
}

async function measureOne(
  opts: WatchesOptions,
  endpoint: Endpoint,
  pid: number | null,
  shape: WatchShape,
  markers: string[],
  apiServerPort: number,
): Promise<WatchMeasured> {
  let idle: Memory | null = null;
  if (pid !== null) {
    await warmUp(endpoint, shape.mode, opts.warmupPath);
    await settle(1000);
    idle = memoryOf(pid);
  }
  const watchPath = `/api/v1/namespaces/${opts.namespace}/configmaps?watch=true`;
  const watches = await openWatches(endpoint, watchPath, shape);
  try {
    const marker = `bench-${`${endpoint.label}-${shape.mode}`.replace(/[^a-z0-9]+/g, '-')}-${Date.now()}`;
    const everywhere = watches.waitForEverywhere(marker, FANOUT_TIMEOUT_MS);
    markers.push(marker);
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: marker } };
    await opts.admin.ensure(`/api/v1/namespaces/${opts.namespace}/configmaps`, body);
    const fanoutMs = await everywhere;
    let withWatches: Memory | null = null;
    let afterClose: Memory | null = null;
    let upstreamConnections: number | null = null;
    if (pid !== null) {
      await settle(2000);
      withWatches = memoryOf(pid);
      upstreamConnections = connectionsTo(pid, apiServerPort);
      watches.close();
      await settle(2000);
      afterClose = memoryOf(pid);
    }
    return {
      measured: true,
      label: endpoint.label,
      mode: shape.mode,
      count: shape.count,
      connections: watches.connections,
      maxConcurrentStreams: watches.maxConcurrentStreams,
      idle,
      withWatches,
      afterClose,
      upstreamConnections,
      openMs: watches.openMs,
      fanoutMs,
    };
  } finally {
    watches.close();
  }
}

interface Column {
  label: string;
  endpoint: Endpoint | null;
  pid: number | null;
  /** Why the column cannot take this shape at all. */
  notPossible?: string;
}

/**
 * Fresh proxy processes for one shape (stopped by the caller through `children`). Only the HTTP/1.1
 * shape raises Gatehouse's connection limit: the HTTP/2 one must fit the default, as shipped.
 */
async function columnsFor(
  opts: WatchesOptions,
  mode: WatchMode,
  maxConnections: number,
  children: Child[],
): Promise<Column[]> {
  const gatehouse = await startGatehouse({
    home: opts.home,
    org: opts.org,
    user: opts.user,
    resource: opts.resource,
    ...(mode === 'http/1.1' ? { maxConnections } : {}),
  });
  children.push(gatehouse);
  const columns: Column[] = [
    {
      label: COLUMN.gatehouse,
      endpoint: await endpointFromKubeconfig(COLUMN.gatehouse, gatehouse.kubeconfig),
      pid: gatehouse.pid,
    },
  ];
  if (mode === 'h2') {
    columns.push({
      label: COLUMN.kubectlProxy,
      endpoint: null,
      pid: null,
      notPossible:
        'its listener is plain HTTP and offers no h2c, so a client cannot speak HTTP/2 to it (it speaks HTTP/2 to the API server)',
    });
  } else {
    const kubectlProxy = await startKubectlProxy(opts.leasedKubeconfig);
    children.push(kubectlProxy);
    columns.push({
      label: COLUMN.kubectlProxy,
      endpoint: plainEndpoint(COLUMN.kubectlProxy, kubectlProxy.url, opts.impersonate),
      pid: kubectlProxy.pid,
    });
  }
  columns.push({
    label: COLUMN.direct,
    endpoint: await endpointFromKubeconfig(COLUMN.direct, opts.leasedKubeconfig, opts.impersonate),
    pid: null,
  });
  return columns;
}

export async function measureWatches(opts: WatchesOptions): Promise<WatchesResult> {
  const maxConnections = opts.count + CONNECTION_HEADROOM;
  const rows: WatchRow[] = [];
  const markers: string[] = [];
  const apiServer = (await endpointFromKubeconfig(COLUMN.direct, opts.leasedKubeconfig)).base;
  const apiServerPort = Number(apiServer.port || 443);
  try {
    for (const mode of opts.modes ?? WATCH_MODES) {
      const shape: WatchShape = { mode, count: opts.count, parallel: opts.parallel, sessions: opts.sessions };
      const children: Child[] = [];
      try {
        const columns = await columnsFor(opts, mode, maxConnections, children);
        for (const c of columns) {
          const { label } = c;
          if (!c.endpoint) {
            rows.push({ measured: false, label, mode, count: opts.count, failed: false, reason: c.notPossible ?? '' });
            opts.log(`  ${label}, ${mode}: not possible: ${c.notPossible}`);
            continue;
          }
          try {
            const row = await measureOne(opts, c.endpoint, c.pid, shape, markers, apiServerPort);
            rows.push(row);
            opts.log(
              `  ${label}, ${mode}: ${row.count} watches over ${row.connections} connection(s)` +
                (row.idle && row.withWatches
                  ? `, ${row.idle.rssMb.toFixed(1)} MB idle, ${row.withWatches.rssMb.toFixed(1)} MB with watches`
                  : '') +
                `, event reached all in ${row.fanoutMs.toFixed(0)} ms`,
            );
          } catch (err) {
            const reason = (err as Error).message;
            rows.push({ measured: false, label, mode, count: opts.count, failed: true, reason });
            opts.log(`  ${label}, ${mode}: FAILED: ${reason}`);
          }
        }
      } finally {
        for (const child of children.reverse()) await child.stop();
      }
    }
  } finally {
    for (const name of markers) await opts.admin.remove(`/api/v1/namespaces/${opts.namespace}/configmaps/${name}`);
  }
  return {
    path: `/api/v1/namespaces/${opts.namespace}/configmaps?watch=true`,
    count: opts.count,
    sessions: opts.sessions,
    maxConnections,
    rows,
  };
}
