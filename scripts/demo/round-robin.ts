// The demo's one gateway address in front of its replicas: a TCP forwarder that hands each new
// connection to the next replica in turn (round robin), skipping one that refuses. TLS passes
// through untouched — the replicas' certificate is for 127.0.0.1, whatever port this listens on.
// In production this is the Kubernetes Service in front of the Deployment, or the organisation's
// load balancer; nothing of Gatehouse runs there. (A TCP balancer adds no X-Forwarded-For, so the
// replicas' audit names this forwarder's address, 127.0.0.1, as the person's.)
import net from 'node:net';

export interface Backend {
  host: string;
  port: number;
}

export interface RoundRobin {
  host: string;
  port: number;
  /** Connections handed to each backend so far (same order as `backends`). */
  connections: number[];
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

export interface RoundRobinOptions {
  host: string;
  /** 0 = a free port. */
  port: number;
  backends: Backend[];
  /** When `port` is taken, listen on a free one instead of failing. */
  fallbackToFreePort?: boolean;
  /** A connection no backend took (all refused): the reason, for the demo's output. */
  onUnreachable?: (reason: string) => void;
}

function listen(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error): void => reject(err);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

export async function startRoundRobin(opts: RoundRobinOptions): Promise<RoundRobin> {
  if (opts.backends.length === 0) throw new Error('round robin: no backends');
  const connections = opts.backends.map(() => 0);
  const open = new Set<net.Socket>();
  let next = 0;

  const track = (socket: net.Socket): void => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };

  /** Connects to the backends in turn from `first`; resolves with the first that answers. */
  const connectFrom = (
    first: number,
    attempt = 0,
    reasons: string[] = [],
  ): Promise<{ upstream: net.Socket; index: number }> =>
    new Promise((resolve, reject) => {
      const index = (first + attempt) % opts.backends.length;
      const backend = opts.backends[index]!;
      const upstream = net.connect(backend.port, backend.host);
      track(upstream);
      upstream.once('error', (err) => {
        upstream.destroy();
        reasons.push(`${backend.host}:${backend.port} ${(err as NodeJS.ErrnoException).code ?? err.message}`);
        if (attempt + 1 >= opts.backends.length) reject(new Error(reasons.join(', ')));
        else connectFrom(first, attempt + 1, reasons).then(resolve, reject);
      });
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        resolve({ upstream, index });
      });
    });

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    client.on('error', () => client.destroy());
    const first = next;
    next = (next + 1) % opts.backends.length;
    connectFrom(first).then(
      ({ upstream, index }) => {
        connections[index] = (connections[index] ?? 0) + 1;
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      },
      (err: Error) => {
        opts.onUnreachable?.(`no replica answered (${err.message})`);
        client.destroy();
      },
    );
  });

  try {
    await listen(server, opts.host, opts.port);
  } catch (err) {
    if (!(opts.fallbackToFreePort && (err as NodeJS.ErrnoException).code === 'EADDRINUSE')) throw err;
    await listen(server, opts.host, 0);
  }
  return {
    host: opts.host,
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
