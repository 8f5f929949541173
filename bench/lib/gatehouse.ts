// Runs the real product, `gatehouse connect <resource> --foreground`, as its own process so its
// memory can be read from /proc. BENCH_GATEHOUSE_BIN points at another checkout's CLI (to measure
// a candidate fix on a scratch copy); BENCH_GATEHOUSE_NODE_ARGS adds node flags (e.g. --cpu-prof).
// maxConnections raises the listener's connection limit (GATEHOUSE_MAX_CONNECTIONS; the product's
// default, 256, bounds hostile clients) for a phase that opens more connections than a person would.
// GATEHOUSE_UPSTREAM_HTTP2 in the bench's environment is passed on, to measure HTTP/2 to the API
// server against HTTP/1.1 (`off`) in otherwise equal runs.
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './child';

/** GATEHOUSE_UPSTREAM_HTTP2 from the bench's environment, for a Gatehouse child (proxy or gateway replica). */
export function upstreamHttp2Env(): Record<string, string> {
  const value = process.env.GATEHOUSE_UPSTREAM_HTTP2;
  return value === undefined ? {} : { GATEHOUSE_UPSTREAM_HTTP2: value };
}

const DEFAULT_BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));

export interface Gatehouse extends Child {
  /** The kubeconfig the CLI wrote for this listener (loopback server, local CA, local token). */
  kubeconfig: string;
}

export async function startGatehouse(opts: {
  home: string;
  org: string;
  user: string;
  resource: string;
  maxConnections?: number;
}): Promise<Gatehouse> {
  const nodeArgs = (process.env.BENCH_GATEHOUSE_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = await startChild({
    command: process.execPath,
    args: [
      ...nodeArgs,
      process.env.BENCH_GATEHOUSE_BIN ?? DEFAULT_BIN,
      'connect',
      opts.resource,
      '--foreground',
      '--org',
      opts.org,
      '--user',
      opts.user,
    ],
    env: {
      PATH: process.env.PATH,
      HOME: opts.home,
      GATEHOUSE_HOME: opts.home,
      ...(opts.maxConnections === undefined ? {} : { GATEHOUSE_MAX_CONNECTIONS: String(opts.maxConnections) }),
      ...upstreamHttp2Env(),
    },
    // Printed right after `listening …`, once the listener is up.
    ready: /^kubeconfig \S+ (\S+)$/,
  });
  return { ...child, kubeconfig: child.ready[1]! };
}
