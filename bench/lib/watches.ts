// Many concurrent HTTP watches (`?watch=true`), each on its own connection as separate kubectl
// processes would open them. Once all are open, one change in the watched namespace must reach
// every one of them — proof that they are live streams, not merely accepted sockets.
import http from 'node:http';
import https from 'node:https';
import type { Endpoint } from './endpoint';

export interface OpenWatches {
  count: number;
  openMs: number;
  /** Resolves with the time until every watch saw an event whose text contains `marker`. */
  waitForEverywhere(marker: string, timeoutMs: number): Promise<number>;
  close(): void;
}

interface Watch {
  req: http.ClientRequest;
  tail: string;
  seen: Set<string>;
}

function openOne(endpoint: Endpoint, path: string, onData: (w: Watch) => void): Promise<Watch> {
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
    });
    const watch: Watch = { req, tail: '', seen: new Set() };
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${endpoint.label}: watch ${path} answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        // Keep a short tail only: a marker split across two chunks is still found.
        watch.tail = (watch.tail + chunk.toString()).slice(-4096);
        onData(watch);
      });
      res.on('error', () => {});
      resolve(watch);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function openWatches(
  endpoint: Endpoint,
  path: string,
  count: number,
  parallel: number,
): Promise<OpenWatches> {
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
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      watches.push(await openOne(endpoint, path, onData));
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } catch (err) {
    for (const w of watches) w.req.destroy();
    throw err;
  }
  const openMs = performance.now() - started;
  return {
    count,
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
      for (const w of watches) w.req.destroy();
    },
  };
}
