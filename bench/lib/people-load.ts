// Many people at once, each as their own client: one watch held open on its own connection (as
// kubectl --watch or an informer holds it) and one small GET per second on a keep-alive
// connection of its own. The GETs are open-loop — each person's are due at fixed times, offset so
// the whole crowd's spread evenly over the second — and latency is measured from when a GET was
// due, so a slow answer that delays the next GET counts against the next one too (no coordinated
// omission).
//
// Several columns (ways in: straight to the API server, through the gateway) are measured in one
// run, taking turns in slices of a few seconds: every column's watches stay open throughout, and
// in each slice the whole crowd's GETs go one column's way. On a shared machine the background
// load then falls on every column alike, which two windows one after the other do not give.
//
// Nothing here throws for a failed request: failures are counted by kind, because "0 errors" is
// one of the things measured. At the end one change in the watched collection must reach every
// watch: they were live streams all along, not merely accepted sockets.
import http from 'node:http';
import https from 'node:https';
import { loadavg } from 'node:os';
import type { Endpoint } from './endpoint';
import { sampleByColumn, type ProcessUsage } from './process-sampler';
import { percentile, summarizeLatency, type LatencySummary } from './stats';

/** One person's way in: an endpoint with their credential, and the path prefix of the resource. */
export interface PersonTarget {
  endpoint: Endpoint;
  /** `/k8s/<resource>` through the gateway, '' straight to the API server. */
  prefix: string;
}

export interface CrowdColumn {
  label: string;
  /** Person i of every column is the same person. */
  people: readonly PersonTarget[];
}

export interface PeopleLoadOptions {
  columns: readonly CrowdColumn[];
  getPath: string;
  watchPath: string;
  /** GET time per column (the run lasts columns × this). */
  durationMs: number;
  /** Length of one turn. */
  sliceMs: number;
  /** Each person's GET interval. */
  intervalMs: number;
  /** Watches (and first GETs) opened this many at a time. */
  parallel: number;
  /** Processes whose RSS and CPU are read, per column's turns. */
  processes: readonly { label: string; pid: number }[];
  /** Makes a change in the watched collection whose event text contains `marker`. */
  change(marker: string): Promise<void>;
  timeoutMs?: number;
}

export interface ErrorCount {
  what: string;
  count: number;
  /** The first one's detail (status or error code). */
  example: string;
}

export interface PeopleLoadResult {
  label: string;
  people: number;
  /** The column's turns, [start, end] in ms since the epoch (to line them up with other records). */
  turns: [number, number][];
  /** Wall time of the column's turns together. */
  durationMs: number;
  intervalMs: number;
  /** GETs due in the column's turns, and those answered 200. */
  scheduled: number;
  gets: number;
  /** From when each GET was due to the end of its body. */
  latency: LatencySummary & { p999: number; max: number };
  /** From when each GET was actually sent: without the wait behind a person's previous GET or a busy client. */
  sentP99: number;
  /** GETs that left more than 50 ms after they were due (client or connection busy). */
  lateStarts: number;
  /** The slowest GET due in each second of the column's turns: whether the tail is spread out or a few stalls. */
  worstBySecond: number[];
  errors: ErrorCount[];
  errorCount: number;
  watchesOpen: number;
  openMs: number;
  /** From the change until every watch of the column had seen it; null when some never did (counted as errors). */
  fanoutMs: number | null;
  /** Sampled during the column's turns. */
  usage: ProcessUsage[];
  /** The bench client's own CPU in the column's turns (it generates the load on the same cores). */
  clientCpuMs: number;
  /** 1-minute load average when the turns began and when they ended. */
  load: [number, number];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class Errors {
  private readonly byKind = new Map<string, ErrorCount>();
  add(what: string, example: string): void {
    const e = this.byKind.get(what) ?? { what, count: 0, example };
    e.count++;
    this.byKind.set(what, e);
  }
  list(): ErrorCount[] {
    return [...this.byKind.values()];
  }
}

const detail = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

function clientOf(endpoint: Endpoint): typeof https | typeof http {
  return endpoint.base.protocol === 'https:' ? https : http;
}

function keepAliveAgent(t: PersonTarget): http.Agent {
  return t.endpoint.base.protocol === 'https:'
    ? new https.Agent({ ...t.endpoint.tls, keepAlive: true, maxSockets: 1 })
    : new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** One GET to the end of its body; the status, or the error's code. */
function get(t: PersonTarget, agent: http.Agent, path: string, timeoutMs: number): Promise<number | string> {
  const e = t.endpoint;
  return new Promise((resolve) => {
    const req = clientOf(e).request(
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
        res.on('error', (err) => resolve(detail(err)));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (err) => resolve(detail(err)));
    req.end();
  });
}

interface Watch {
  req: http.ClientRequest | null;
  /** Answered 200 and streaming. */
  live: boolean;
  tail: string;
  sawMarker: boolean;
}

/** Per column: what its watches and GETs saw. */
class ColumnState {
  readonly errors = new Errors();
  readonly agents: http.Agent[];
  readonly watches: Watch[];
  readonly fromDue: number[] = [];
  readonly fromSent: number[] = [];
  readonly turns: [number, number][] = [];
  scheduled = 0;
  lateStarts = 0;
  openMs = 0;
  seen = 0;
  fanoutMs: number | null = null;
  allSeen: (() => void) | null = null;

  constructor(readonly column: CrowdColumn) {
    this.agents = column.people.map(keepAliveAgent);
    this.watches = column.people.map(() => ({ req: null, live: false, tail: '', sawMarker: false }));
  }
}

export async function runPeopleLoad(o: PeopleLoadOptions): Promise<PeopleLoadResult[]> {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const count = o.columns[0]?.people.length ?? 0;
  if (o.columns.some((c) => c.people.length !== count)) throw new Error('every column needs the same people');
  const columns = o.columns.map((c) => new ColumnState(c));
  let closing = false;
  let marker: string | null = null;

  const openWatch = (c: ColumnState, t: PersonTarget, w: Watch): Promise<void> =>
    new Promise((resolve) => {
      const e = t.endpoint;
      const req = clientOf(e).request({
        protocol: e.base.protocol,
        hostname: e.base.hostname,
        port: e.base.port,
        path: t.prefix + o.watchPath,
        headers: e.headers,
        agent: false, // its own connection
        ...(e.base.protocol === 'https:' ? e.tls : {}),
      });
      w.req = req;
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          c.errors.add(`watch answered ${res.statusCode}`, String(res.statusCode));
          res.resume();
          resolve();
          return;
        }
        w.live = true;
        res.on('data', (chunk: Buffer) => {
          // A short tail only: a marker split across two chunks is still found.
          w.tail = (w.tail + chunk.toString()).slice(-4096);
          if (marker !== null && !w.sawMarker && w.tail.includes(marker)) {
            w.sawMarker = true;
            if (++c.seen === c.watches.length) c.allSeen?.();
          }
        });
        // 'close' also comes when the connection is reset without an 'end' or a request error.
        res.on('close', () => {
          if (closing || !w.live) return;
          w.live = false;
          c.errors.add('watch ended before the run did', res.complete ? 'end' : 'reset');
        });
        res.on('error', () => {});
        resolve();
      });
      req.on('error', (err) => {
        if (closing || w.live) return; // a live one is counted when its response closes
        c.errors.add('watch could not open', detail(err));
        resolve();
      });
      req.end();
    });

  const inTurns = async (work: (i: number) => Promise<void>): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: o.parallel }, async () => {
        while (next < count) await work(next++);
      }),
    );
  };

  const sampler = { current: null as ReturnType<typeof sampleByColumn> | null };
  const timers: NodeJS.Timeout[] = [];
  try {
    for (const c of columns) {
      const opened = performance.now();
      await inTurns((i) => openWatch(c, c.column.people[i]!, c.watches[i]!));
      c.openMs = performance.now() - opened;
      // Each person's GET connection, set up before the window (people connect once, then stay).
      await inTurns(async (i) => {
        const status = await get(c.column.people[i]!, c.agents[i]!, o.getPath, timeoutMs);
        if (status !== 200) c.errors.add(`first GET answered ${status}`, String(status));
      });
    }

    const slices = Math.ceil(o.durationMs / o.sliceMs) * columns.length;
    const columnOf = (slice: number): ColumnState => columns[slice % columns.length]!;
    const loadAt: [number, number][] = columns.map(() => [Number.NaN, Number.NaN]);
    const begin = performance.now() + 50;
    const epochOf = (t: number): number => Date.now() + (t - performance.now());
    const end = begin + slices * o.sliceMs;
    const worstBySecond = Array.from({ length: Math.ceil((slices * o.sliceMs) / 1000) }, () => 0);
    sampler.current = sampleByColumn(o.processes, columns.length);
    // Each turn's start: CPU from here on is its column's, and the 1-minute load when the turns start and end.
    for (let s = 0; s <= slices; s++) {
      const at = begin + s * o.sliceMs;
      timers.push(
        setTimeout(
          () => {
            const prev = s > 0 ? columnOf(s - 1) : null;
            if (prev) prev.turns[prev.turns.length - 1]![1] = epochOf(at);
            if (s === slices) return;
            const c = columnOf(s);
            const k = columns.indexOf(c);
            sampler.current?.turn(k);
            c.turns.push([epochOf(at), Number.NaN]);
            const load = loadavg()[0] ?? 0;
            if (Number.isNaN(loadAt[k]![0])) loadAt[k]![0] = load;
            loadAt[k]![1] = load;
          },
          Math.max(0, at - performance.now()),
        ),
      );
    }
    const person = async (i: number): Promise<void> => {
      const offset = (i / count) * o.intervalMs;
      for (let due = begin + offset; due < end; due += o.intervalMs) {
        const c = columnOf(Math.floor((due - begin) / o.sliceMs));
        c.scheduled++;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const sent = performance.now();
        if (sent - due > 50) c.lateStarts++;
        const status = await get(c.column.people[i]!, c.agents[i]!, o.getPath, timeoutMs);
        const done = performance.now();
        const second = Math.floor((due - begin) / 1000);
        worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, done - due);
        if (status === 200) {
          c.fromDue.push(done - due);
          c.fromSent.push(done - sent);
        } else {
          c.errors.add(typeof status === 'number' ? `GET answered ${status}` : 'GET failed', String(status));
        }
      }
    };
    await Promise.all(Array.from({ length: count }, (_, i) => person(i)));
    // The last GETs may finish after the last turn's end: wait for its timer, then read the usage.
    await sleep(Math.max(0, end - performance.now() + 1));
    const usage = sampler.current.stop();
    sampler.current = null;

    const open = columns.map((c) => c.watches.filter((w) => w.live).length);
    marker = `bench-crowd-${Date.now()}`;
    const fanouts = columns.map((c, k) => {
      c.seen = c.watches.length - open[k]!; // the failed ones are counted already
      const started = performance.now();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 30_000);
        c.allSeen = () => {
          clearTimeout(timer);
          c.fanoutMs = performance.now() - started;
          resolve();
        };
        if (c.seen === c.watches.length) c.allSeen();
      });
    });
    await o.change(marker);
    await Promise.all(fanouts);
    for (const c of columns) {
      for (const w of c.watches)
        if (w.live && !w.sawMarker) c.errors.add('watch missed the change', 'no event in 30 s');
    }

    const secondsOf = (k: number): number[] =>
      worstBySecond.filter((_, s) => columns.indexOf(columnOf(Math.floor((s * 1000) / o.sliceMs))) === k);
    return columns.map((c, k) => {
      const sorted = [...c.fromDue].sort((a, b) => a - b);
      const list = c.errors.list();
      return {
        label: c.column.label,
        people: count,
        turns: c.turns,
        durationMs: usage[k]!.wallMs,
        intervalMs: o.intervalMs,
        scheduled: c.scheduled,
        gets: c.fromDue.length,
        latency: { ...summarizeLatency(sorted), p999: percentile(sorted, 99.9), max: sorted[sorted.length - 1] ?? NaN },
        sentP99: percentile(
          [...c.fromSent].sort((a, b) => a - b),
          99,
        ),
        lateStarts: c.lateStarts,
        worstBySecond: secondsOf(k),
        errors: list,
        errorCount: list.reduce((n, e) => n + e.count, 0),
        watchesOpen: open[k]!,
        openMs: c.openMs,
        fanoutMs: c.fanoutMs,
        usage: usage[k]!.processes,
        clientCpuMs: usage[k]!.clientCpuMs,
        load: loadAt[k]!,
      };
    });
  } finally {
    closing = true;
    for (const t of timers) clearTimeout(t);
    sampler.current?.stop();
    for (const c of columns) {
      for (const w of c.watches) w.req?.destroy();
      for (const a of c.agents) a.destroy();
    }
  }
}
