// Saturation throughput of a proxy: closed-loop clients (each one keep-alive connection, the next
// GET sent when the last one's body is in) at rising concurrency, until throughput stops growing.
// What is compared is GETs per second of the proxy process's own CPU time (from /proc): on a small
// shared machine the API server and the bench client take cores too, so the absolute rate says
// more about the machine than about the proxy, while the rate per CPU-second does not. Columns
// take turns at each concurrency level, so both see the same machine.
import http from 'node:http';
import https from 'node:https';
import { cpuMsOf } from './cpu';
import type { PersonTarget } from './people-load';
import { percentile } from './stats';

export interface SaturationColumn {
  label: string;
  /** Worker k sends as targets[k % targets.length] (distinct people where there are enough). */
  targets: readonly PersonTarget[];
  /** The proxy process whose CPU time the rate is divided by. */
  pid: number;
}

export interface SaturationOptions {
  path: string;
  stepMs: number;
  levels: readonly number[];
  /** A level must beat the best so far by this factor to count as growth. */
  growth: number;
  /** Levels below this are always measured: at low concurrency one slow step on a shared machine is noise, not saturation. */
  minLevel: number;
  timeoutMs?: number;
}

export interface SaturationStep {
  concurrency: number;
  gets: number;
  errors: number;
  ms: number;
  getsPerSecond: number;
  /** The proxy's CPU time in the step, and as cores (cpuMs / ms). */
  cpuMs: number;
  cores: number;
  /** GETs per second of the proxy's CPU time: what one fully used core would serve. */
  getsPerCpuSecond: number;
  p50: number;
  p99: number;
}

export interface SaturationResult {
  label: string;
  steps: SaturationStep[];
  /** The step with the highest throughput. */
  peak: SaturationStep;
}

function agentFor(t: PersonTarget): http.Agent {
  return t.endpoint.base.protocol === 'https:'
    ? new https.Agent({ ...t.endpoint.tls, keepAlive: true, maxSockets: 1 })
    : new http.Agent({ keepAlive: true, maxSockets: 1 });
}

function getOnce(t: PersonTarget, agent: http.Agent, path: string, timeoutMs: number): Promise<number> {
  const e = t.endpoint;
  const client = e.base.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      {
        protocol: e.base.protocol,
        hostname: e.base.hostname,
        port: e.base.port,
        path: t.prefix + path,
        headers: e.headers,
        agent,
      },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function step(
  c: SaturationColumn,
  agents: http.Agent[],
  concurrency: number,
  o: SaturationOptions,
): Promise<SaturationStep> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const target = (k: number): PersonTarget => c.targets[k % c.targets.length]!;
  while (agents.length < concurrency) agents.push(agentFor(target(agents.length)));
  // Every worker's connection is up before the clock starts.
  await Promise.all(Array.from({ length: concurrency }, (_, k) => getOnce(target(k), agents[k]!, o.path, timeoutMs)));
  const samples: number[] = [];
  let errors = 0;
  const cpuBefore = cpuMsOf(c.pid);
  const started = performance.now();
  const end = started + o.stepMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, k) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await getOnce(target(k), agents[k]!, o.path, timeoutMs);
        if (status === 200) samples.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  const ms = performance.now() - started;
  const cpuMs = cpuMsOf(c.pid) - cpuBefore;
  samples.sort((a, b) => a - b);
  return {
    concurrency,
    gets: samples.length,
    errors,
    ms,
    getsPerSecond: samples.length / (ms / 1000),
    cpuMs,
    cores: cpuMs / ms,
    getsPerCpuSecond: cpuMs > 0 ? samples.length / (cpuMs / 1000) : Number.NaN,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

export async function measureSaturation(
  columns: readonly SaturationColumn[],
  o: SaturationOptions,
  log: (line: string) => void,
): Promise<SaturationResult[]> {
  const state = columns.map((c) => ({
    c,
    agents: [] as http.Agent[],
    steps: [] as SaturationStep[],
    best: 0,
    flat: 0,
  }));
  try {
    for (const level of o.levels) {
      const growing = state.filter((s) => s.flat < 2 || level <= o.minLevel);
      if (growing.length === 0) break;
      for (const s of growing) {
        const r = await step(s.c, s.agents, level, o);
        s.steps.push(r);
        // Two levels in a row without growth: throughput has stopped growing (one could be noise).
        if (r.getsPerSecond >= o.growth * s.best) s.flat = 0;
        else s.flat++;
        s.best = Math.max(s.best, r.getsPerSecond);
        log(
          `  ${s.c.label}, ${level} client(s): ${r.getsPerSecond.toFixed(0)} GET/s, ${r.cores.toFixed(2)} cores, ` +
            `${r.getsPerCpuSecond.toFixed(0)} GET per CPU-second, p99 ${r.p99.toFixed(1)} ms${r.errors ? `, ${r.errors} errors` : ''}`,
        );
      }
    }
  } finally {
    for (const s of state) for (const a of s.agents) a.destroy();
  }
  return state.map((s) => ({
    label: s.c.label,
    steps: s.steps,
    peak: s.steps.reduce((a, b) => (b.getsPerSecond > a.getsPerSecond ? b : a)),
  }));
}
