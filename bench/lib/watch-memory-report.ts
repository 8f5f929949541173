// The watch memory phase (bench/phases/watch-memory.ts) in RESULTS.md: its section and its targets.
import { WARMUP_REQUESTS, type WatchesResult, type WatchMeasured, type WatchNotMeasured } from '../phases/watch-memory';
import { COLUMN } from './results';
import type { WatchMode } from './watches';

export interface WatchCheck {
  target: string;
  measured: string;
  pass: boolean;
}

/**
 * The HTTP/1.1 figure before issue 13's work on it (bench/RESULTS.md of 2026-11-27: 1,000 watches,
 * one connection each, through the bundled CLI speaking HTTP/1.1 on both sides).
 */
export const HTTP1_BEFORE = { date: '2026-11-27', count: 1000, idleMb: 140.5, rssMb: 234.8, perWatchKb: 96.6 };
/** "Must improve clearly" (issue 13), read as at least 10 % below the before. */
const CLEARLY = 0.9;
const TARGET_MB = 150;

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const MODE_NAME: Record<WatchMode, string> = { h2: 'HTTP/2', 'http/1.1': 'HTTP/1.1' };

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const perWatchKb = (w: WatchMeasured): number | null =>
  w.idle && w.withWatches ? ((w.withWatches.rssMb - w.idle.rssMb) * 1024) / w.count : null;

function clientSide(w: WatchMeasured): string {
  if (w.mode === 'http/1.1') return `${w.connections} connections`;
  const limit = w.maxConcurrentStreams === null ? '' : ` (≤ ${w.maxConcurrentStreams} per connection)`;
  return `${w.count} streams over ${w.connections} connections${limit}`;
}

const mb = (m: { rssMb: number } | null): string => (m ? f1(m.rssMb) : '–');

function row(w: WatchMeasured | WatchNotMeasured): string[] {
  const mode = MODE_NAME[w.mode];
  if (!w.measured)
    return [w.label, mode, w.failed ? '**failed** (below)' : 'not possible (below)', ...Array<string>(8).fill('–')];
  const kb = perWatchKb(w);
  return [
    w.label,
    mode,
    clientSide(w),
    mb(w.idle),
    mb(w.withWatches),
    w.withWatches ? f1(w.withWatches.peakMb) : '–',
    kb === null ? '–' : f1(kb),
    w.upstreamConnections === null ? '–' : String(w.upstreamConnections),
    mb(w.afterClose),
    f2(w.openMs / 1000),
    f1(w.fanoutMs),
  ];
}

export function watchesSection(w: WatchesResult, heading = `## 3. Memory with ${w.count} concurrent watches`): string {
  const notes = w.rows
    .filter((r): r is WatchNotMeasured => !r.measured)
    .map((r) => `- ${r.label}, ${MODE_NAME[r.mode]}: ${r.failed ? '**failed**' : 'not possible'}: ${r.reason}`);
  return `${heading}

\`GET ${w.path}\` ${w.count} times, in two shapes: **HTTP/2**, the watches as streams over a few connections
(ALPN \`h2, http/1.1\`; ${w.sessions} sessions opened first and the streams spread over them, another one opened
only when each has reached the server's SETTINGS_MAX_CONCURRENT_STREAMS, as client-go's transport does; how kubectl,
controllers, k9s or Lens hold their watches), and **HTTP/1.1**, each watch on its own connection (ALPN \`http/1.1\`
only, as ${w.count} separate kubectl processes would). Each shape gets fresh proxy processes (Gatehouse with its default connection limit for
HTTP/2, with GATEHOUSE_MAX_CONNECTIONS=${w.maxConnections} for HTTP/1.1), warmed up with ${WARMUP_REQUESTS} GETs in the same shape. All watches are proven
live: one ConfigMap is created and every watch must see its event. RSS/peak are VmRSS/VmHWM of the proxy process from
/proc; "upstream connections" are the proxy's established TCP connections to the API server while the watches are open
(/proc/PID/fd and /proc/PID/net/tcp: one per watch, or a few multiplexed ones). "direct" (the bench client to the API
server) has no proxy process and is there for the open and fan-out times.

${table(
  [
    'process',
    'shape',
    'client side',
    'idle RSS MB',
    `RSS with ${w.count} watches MB`,
    'peak (VmHWM) MB',
    'per watch KB',
    'upstream connections',
    'after close MB',
    'open all s',
    'event reached all ms',
  ],
  w.rows.map(row),
)}
${notes.length > 0 ? `\n${notes.join('\n')}\n` : ''}`;
}

const gatehouseRow = (w: WatchesResult, mode: WatchMode) =>
  w.rows.find((r) => r.label === COLUMN.gatehouse && r.mode === mode);

export function checkWatchTargets(w: WatchesResult): WatchCheck[] {
  const checks: WatchCheck[] = [];
  const h2 = gatehouseRow(w, 'h2');
  if (h2) {
    checks.push({
      target: `${w.count} watches as HTTP/2 streams ≤ ${TARGET_MB} MB RSS (proxy process)`,
      measured:
        h2.measured && h2.withWatches
          ? `${f1(h2.withWatches.rssMb)} MB RSS (peak ${f1(h2.withWatches.peakMb)} MB) over ${h2.connections} connections`
          : `not measured: ${h2.measured ? 'no memory reading' : h2.reason}`,
      pass: h2.measured && h2.withWatches !== null && h2.withWatches.rssMb <= TARGET_MB,
    });
  }
  const h1 = gatehouseRow(w, 'http/1.1');
  if (h1) checks.push(http1Check(w.count, h1));
  return checks;
}

/** HTTP/1.1: reported with its before; at the before's count the RSS is compared, otherwise the cost per watch. */
function http1Check(count: number, h1: WatchMeasured | WatchNotMeasured): WatchCheck {
  const b = HTTP1_BEFORE;
  const sameCount = count === b.count;
  const target = sameCount
    ? `${count} watches as ${count} HTTP/1.1 connections: RSS clearly below the ${f1(b.rssMb)} MB before (≤ ${CLEARLY}×)`
    : `${count} watches as ${count} HTTP/1.1 connections: per watch clearly below the ${f1(b.perWatchKb)} KB before (≤ ${CLEARLY}×)`;
  const kb = h1.measured ? perWatchKb(h1) : null;
  if (!h1.measured || !h1.withWatches || kb === null) {
    return { target, measured: `not measured: ${h1.measured ? 'no memory reading' : h1.reason}`, pass: false };
  }
  const rss = h1.withWatches.rssMb;
  const measured = sameCount
    ? `${f1(rss)} MB RSS vs ${f1(b.rssMb)} MB on ${b.date} = ${f2(rss / b.rssMb)}× (${f1(rss - b.rssMb)} MB); ` +
      `${f1(kb)} KB per watch (was ${f1(b.perWatchKb)})`
    : `${f1(kb)} KB per watch vs ${f1(b.perWatchKb)} KB on ${b.date} = ${f2(kb / b.perWatchKb)}×; ${f1(rss)} MB RSS ` +
      `(the ${f1(b.rssMb)} MB before is for ${b.count} watches)`;
  return { target, measured, pass: sameCount ? rss <= CLEARLY * b.rssMb : kb <= CLEARLY * b.perWatchKb };
}
