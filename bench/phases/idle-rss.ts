// Idle memory and start-up of the desktop hosts (issue 13): `gatehouse agent`, browser mode
// (`gatehouse ui --browser`, with one tab attached) and `gatehouse connect <r> --foreground`, each
// signed in to the org (local mode), and the agent in gateway mode (signed in at a real gateway
// through the test OpenID provider; its listener forwards to the gateway). Per host: RSS signed in with no connections, RSS with one
// connected resource after a few requests through it, the start (spawn → ready; foreground: →
// `listening`) cold (a fresh GATEHOUSE_HOME: the local CA is made) and warm, and for the agent
// and browser mode `gatehouse connect <r>` (CLI spawn → exit, the resource listening).
//
// Readings are taken 10 s after the last activity: V8 grows the young generation while a process
// allocates (start-up, requests) and its memory reducer gives the pages back some 5-8 s after the
// process goes quiet, so a reading at 2 s is up to ~12 MB above what an idle host holds.
//
// Several builds can be measured side by side (BENCH_COMPARE_BIN: a candidate or the code before
// a change): runs take turns across builds and hosts, so both see the same machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { openBrowserTab, type BrowserTab } from '../lib/browser-tab';
import type { GatewaySignIn } from '../lib/gateway-sign-in';
import { cli, startHost, type HostKind, type HostSession } from '../lib/desktop-host';

export type { HostKind };
import { endpointFromKubeconfig, keepAliveAgent, sendOk } from '../lib/endpoint';
import { memoryOf, type Memory } from '../lib/memory';
import { median } from '../lib/stats';

export const HOST_KINDS: readonly HostKind[] = ['agent', 'browser mode', 'connect --foreground', 'agent, gateway mode'];

export interface Build {
  label: string;
  /** That checkout's bin/gatehouse.mjs. */
  bin: string;
  /** Whether bin/gatehouse.mjs runs the bundle (out/cli) rather than the sources through tsx. */
  bundled: boolean;
}

export interface HostMemoryResult {
  build: string;
  host: HostKind;
  /** Warm runs (the cold start is not among them). */
  runs: number;
  /** Signed in, no connection. Median; null for the foreground host (connected from its start). */
  idleRssMb: number | null;
  /** One connected resource, after `requests` GETs through its listener. Median. */
  connectedRssMb: number;
  /** Highest VmHWM of any run. */
  peakMb: number;
  coldStartMs: number;
  warmStartMs: number;
  /** `gatehouse connect <r>` against the running host, spawn → exit (agent, browser mode). Median. */
  connectMs: number | null;
}

export interface HostsResult {
  builds: Build[];
  rows: HostMemoryResult[];
  skipped: Partial<Record<HostKind, string>>;
  user: string;
  resource: string;
  requestPath: string;
  requests: number;
  runs: number;
}

export interface IdleRssOptions {
  builds: readonly Build[];
  org: string;
  user: string;
  resource: string;
  /** A cheap GET the user may make on the resource. */
  requestPath: string;
  requests: number;
  runs: number;
  /** Folder for each build's and host's GATEHOUSE_HOME. */
  work: string;
  /** Where the gateway-mode agent signs in; without one that host is skipped (say why in `skip`). */
  gateway?: GatewaySignIn;
  /** Skipped host kinds, with the reason (printed and in the report). */
  skip?: Partial<Record<HostKind, string>>;
  log(line: string): void;
}

/** The wait before a reading: V8's memory reducer has run (see the top of this file). */
const SETTLE_MS = 10_000;
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  startMs: number;
  /** Not read for the foreground host, whose resource is connected from the start. */
  idle: Memory | null;
  connected: Memory;
  connectMs: number | null;
}

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One start of one host; `cold`: only how long the start took. */
async function measureOnce(kind: HostKind, s: HostSession, o: IdleRssOptions, cold: boolean): Promise<Run | number> {
  // The host remembers the resource's port in ports.json; on a shared machine the remembered one
  // may be taken by another process between runs, so each run gets one that is free now.
  writeFileSync(join(s.home, 'ports.json'), `${JSON.stringify({ [s.resource]: await freePort() })}\n`);
  const host = await startHost(kind, s);
  let tab: BrowserTab | null = null;
  try {
    if (cold) return host.startMs;
    if (kind === 'browser mode') tab = await openBrowserTab(host.url!);
    let idle: Memory | null = null;
    let kubeconfig = host.kubeconfig;
    let connectMs: number | null = null;
    if (kind !== 'connect --foreground') {
      await settle(SETTLE_MS);
      idle = memoryOf(host.pid);
      connectMs = (await cli(s, ['connect', s.resource])).ms;
      kubeconfig = join(s.home, 'bench.kubeconfig');
      await cli(s, ['k8s', 'update-config', '--kubeconfig', kubeconfig, '--use-context', s.resource]);
    }
    const endpoint = await endpointFromKubeconfig(kind, kubeconfig!);
    const agent = keepAliveAgent(endpoint);
    for (let i = 0; i < o.requests; i++) await sendOk(endpoint, agent, o.requestPath);
    agent.destroy();
    await settle(SETTLE_MS);
    const connected = memoryOf(host.pid);
    // The next start must begin with nothing connected (hosts reconnect what was connected).
    if (kind !== 'connect --foreground') await cli(s, ['disconnect', '--all']);
    return { startMs: host.startMs, idle, connected, connectMs };
  } finally {
    tab?.close();
    await host.stop();
  }
}

export async function measureIdleRss(o: IdleRssOptions): Promise<HostsResult> {
  const kinds = HOST_KINDS.filter((k) => o.skip?.[k] === undefined && (k !== 'agent, gateway mode' || o.gateway));
  const key = (b: number, kind: HostKind): string => `${b}/${kind}`;
  const cold = new Map<string, number>();
  const runs = new Map<string, Run[]>();
  const sessions = new Map<string, HostSession>();
  const session = async (b: number, kind: HostKind): Promise<HostSession> => {
    const known = sessions.get(key(b, kind));
    if (known) return known;
    const home = join(o.work, `${b}-${kind.replace(/\W+/g, '-')}`);
    mkdirSync(home, { recursive: true });
    if (kind === 'agent, gateway mode') await o.gateway!.signIn(home, o.user);
    const made = { bin: o.builds[b]!.bin, home, org: o.org, user: o.user, resource: o.resource };
    sessions.set(key(b, kind), made);
    return made;
  };
  for (let i = 0; i <= o.runs; i++) {
    for (const kind of kinds) {
      for (let b = 0; b < o.builds.length; b++) {
        const run = await measureOnce(kind, await session(b, kind), o, i === 0);
        if (typeof run === 'number') {
          cold.set(key(b, kind), run);
          continue;
        }
        runs.set(key(b, kind), [...(runs.get(key(b, kind)) ?? []), run]);
        const idle = run.idle === null ? '' : `${run.idle.rssMb.toFixed(1)} MB idle, `;
        o.log(
          `  ${o.builds[b]!.label}, ${kind}: ${idle}${run.connected.rssMb.toFixed(1)} MB connected, ` +
            `start ${run.startMs.toFixed(0)} ms${run.connectMs === null ? '' : `, connect ${run.connectMs.toFixed(0)} ms`}`,
        );
      }
    }
  }
  const results: HostMemoryResult[] = [];
  for (let b = 0; b < o.builds.length; b++) {
    for (const kind of kinds) {
      const r = runs.get(key(b, kind)) ?? [];
      results.push({
        build: o.builds[b]!.label,
        host: kind,
        runs: r.length,
        idleRssMb: kind === 'connect --foreground' ? null : median(r.map((x) => x.idle?.rssMb ?? Number.NaN)),
        connectedRssMb: median(r.map((x) => x.connected.rssMb)),
        peakMb: Math.max(...r.map((x) => x.connected.peakMb)),
        coldStartMs: cold.get(key(b, kind)) ?? Number.NaN,
        warmStartMs: median(r.map((x) => x.startMs)),
        connectMs: kind === 'connect --foreground' ? null : median(r.map((x) => x.connectMs ?? Number.NaN)),
      });
    }
  }
  const { builds, user, resource, requestPath, requests } = o;
  return {
    builds: [...builds],
    rows: results,
    skipped: { ...o.skip },
    user,
    resource,
    requestPath,
    requests,
    runs: o.runs,
  };
}
