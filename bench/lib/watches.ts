// Many concurrent HTTP watches (`?watch=true`) in one of two shapes a proxy meets:
// - "http/1.1": each watch on its own connection (ALPN http/1.1 only), as separate kubectl
//   processes or an HTTP/1.1-only client would open them;
// - "h2": the watches as streams over a few HTTP/2 sessions, as one client-go program (kubectl,
//   a controller, k9s, Lens) multiplexes them (bench/lib/h2-pool.ts).
// Once all are open, one change in the watched namespace must reach every one of them — proof
// that they are live streams, not merely accepted sockets or queued requests.
import http from 'node:http';
import https from 'node:https';
import type { Endpoint } from './endpoint';
import { H2Pool } from './h2-pool';
import { h2Headers } from './h2-session';

export type WatchMode = 'h2' | 'http/1.1';

export interface WatchShape {
  mode: WatchMode;
  count: number;
  /** Watches being opened at once. */
  parallel: number;
  /** h2: sessions opened before the first stream (more follow when the server's stream limit is reached). */
  sessions: number;
}

export interface OpenWatches {
  count: number;
  /** Client connections that carry the watches. */
  connections: number;
  /** h2: the server's SETTINGS_MAX_CONCURRENT_STREAMS; null for HTTP/1.1. */
  maxConcurrentStreams: number | null;
  openMs: number;
  /** Resolves with the time until every watch saw an event whose text contains `marker`. */
  waitForEverywhere(marker: string, timeoutMs: number): Promise<number>;
  close(): void;
}

/** A watch is open once its response headers said 200; this long without them is a failure, not a wait. */
const OPEN_TIMEOUT_MS = 30_000;

interface Watch {
  tail: string;
  seen: Set<string>;
  stop(): void;
}

type OnData = (w: Watch) => void;

/** Keeps a short tail only: a marker split across two chunks is still found. */
function feed(w: Watch, chunk: Buffer | string, onData: OnData): void {
  w.tail = (w.tail + chunk.toString()).slice(-4096);
  onData(w);
}

function openHttp1(endpoint: Endpoint, path: string, onData: OnData): Promise<Watch> {
  const client = endpoint.base.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request({
      protocol: endpoint.base.protocol,
      hostname: endpoint.base.hostname,
      port: endpoint.base.port,
      path,
      headers: endpoint.headers,
      agent: false, // its own connection
      ...endpoint.tls,
      ...(endpoint.base.protocol === 'https:' ? { ALPNProtocols: ['http/1.1'] } : {}),
      timeout: OPEN_TIMEOUT_MS,
    });
    const watch: Watch = { tail: '', seen: new Set(), stop: () => req.destroy() };
    req.once('timeout', () => req.destroy(new Error(`no response headers within ${OPEN_TIMEOUT_MS} ms`)));
    req.on('response', (res) => {
      req.setTimeout(0); // a watch may be quiet for as long as it likes once it is open
      if (res.statusCode !== 200) {
        reject(new Error(`answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.on('data', (chunk: Buffer) => feed(watch, chunk, onData));
      res.on('error', () => {});
      resolve(watch);
    });
    req.on('error', reject);
    req.end();
  });
}

async function openH2(pool: H2Pool, endpoint: Endpoint, path: string, onData: OnData): Promise<Watch> {
  const slot = await pool.acquire();
  return new Promise((resolve, reject) => {
    const stream = slot.session.request(h2Headers(endpoint, path), { endStream: true });
    const watch: Watch = { tail: '', seen: new Set(), stop: () => stream.close() };
    const timer = setTimeout(() => {
      stream.close();
      reject(new Error(`no response headers within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    stream.once('close', () => pool.release(slot));
    stream.once('response', (headers) => {
      clearTimeout(timer);
      const status = Number(headers[':status']);
      if (status !== 200) {
        reject(new Error(`answered ${status}`));
        stream.close();
        return;
      }
      resolve(watch);
    });
    stream.on('data', (chunk: Buffer) => feed(watch, chunk, onData));
    stream.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Why a watch could not be opened, with a hint where the cause is likely a limit of the listener. */
function openFailure(endpoint: Endpoint, shape: WatchShape, index: number, opened: number, err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const reset = code === 'ECONNRESET' || /socket hang up|disconnected/i.test(err.message);
  const hint =
    reset && shape.mode === 'http/1.1' ? ' (a listener at its connection limit closes new connections at once)' : '';
  return new Error(
    `${endpoint.label}: ${shape.mode} watch ${index + 1} of ${shape.count} failed with ${opened} open: ` +
      `${err.message}${code ? ` (${code})` : ''}${hint}`,
    { cause: err },
  );
}

export async function openWatches(endpoint: Endpoint, path: string, shape: WatchShape): Promise<OpenWatches> {
  const { count } = shape;
  const watches: Watch[] = [];
  let wanted: string | null = null;
  let seenCount = 0;
  let allSeen: (() => void) | null = null;
  const onData = (w: Watch): void => {
    if (wanted === null || w.seen.has(wanted) || !w.tail.includes(wanted)) return;
    w.seen.add(wanted);
    if (++seenCount === count) allSeen?.();
  };
  const started = performance.now();
  const pool = shape.mode === 'h2' ? new H2Pool(endpoint, shape.sessions) : null;
  let next = 0;
  let failure: Error | null = null;
  const worker = async (): Promise<void> => {
    while (next < count && failure === null) {
      const index = next++;
      try {
        watches.push(pool ? await openH2(pool, endpoint, path, onData) : await openHttp1(endpoint, path, onData));
      } catch (err) {
        failure ??= openFailure(endpoint, shape, index, watches.length, err as Error);
      }
    }
  };
  try {
    // The first sessions' failure (no h2 on the listener) says more than any stream's would.
    await pool?.start();
    // Every worker settles before clean-up, so no watch opened late is left behind.
    await Promise.all(Array.from({ length: shape.parallel }, worker));
    if (failure) throw failure;
  } catch (err) {
    for (const w of watches) w.stop();
    pool?.close();
    throw err;
  }
  const openMs = performance.now() - started;
  return {
    count,
    connections: pool ? pool.sessions : count,
    maxConcurrentStreams: pool ? pool.maxConcurrentStreams : null,
    openMs,
    waitForEverywhere(marker, timeoutMs) {
      wanted = marker;
      seenCount = 0;
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${endpoint.label}: only ${seenCount}/${count} watches saw ${marker} within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        allSeen = () => {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        };
        for (const w of watches) onData(w);
      });
    },
    close() {
      for (const w of watches) w.stop();
      pool?.close();
    },
  };
}
