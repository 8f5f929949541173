// One HTTP/2 client session to an endpoint, opened as client-go opens one: TLS offering ALPN
// `h2, http/1.1`, and HTTP/2 only when the server picks h2. A server that picks http/1.1 gets a
// clear error rather than an HTTP/2 preface it cannot read (which would leave the client waiting).
import http2 from 'node:http2';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { Endpoint } from './endpoint';

const CONNECT_TIMEOUT_MS = 10_000;

export interface H2Session {
  session: http2.ClientHttp2Session;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS: streams beyond it would wait, so a pool opens another session. */
  maxConcurrentStreams: number;
}

/** What kind of failure, so a phase can tell "this listener has no h2" from a broken connection. */
export class H2Unavailable extends Error {
  override readonly name = 'H2Unavailable';
}

function withTimeout<T>(
  what: string,
  ms: number,
  start: (resolve: (v: T) => void, reject: (e: Error) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    start(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function connectTls(endpoint: Endpoint): Promise<tls.TLSSocket> {
  const host = endpoint.base.hostname;
  const what = `${endpoint.label}: TLS to ${endpoint.base.host}`;
  return withTimeout(what, CONNECT_TIMEOUT_MS, (resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(endpoint.base.port || 443),
      // SNI takes a name only; the certificate's IP SAN is checked either way.
      servername: isIP(host) === 0 ? host : undefined,
      ca: endpoint.tls.ca,
      cert: endpoint.tls.cert,
      key: endpoint.tls.key,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', (err) => {
      socket.destroy();
      reject(new Error(`${what}: ${err.message}`));
    });
  });
}

export async function connectH2(endpoint: Endpoint): Promise<H2Session> {
  if (endpoint.base.protocol !== 'https:') {
    throw new H2Unavailable(
      `${endpoint.label}: plain-HTTP listener; HTTP/2 here needs TLS with ALPN h2 (h2c is not tried)`,
    );
  }
  const socket = await connectTls(endpoint);
  if (socket.alpnProtocol !== 'h2') {
    socket.destroy();
    const picked = socket.alpnProtocol === false ? 'no protocol' : socket.alpnProtocol;
    throw new H2Unavailable(
      `${endpoint.label}: the listener does not offer HTTP/2: ALPN picked ${picked} (the client offered h2, http/1.1)`,
    );
  }
  const session = http2.connect(endpoint.base.origin, { createConnection: () => socket });
  try {
    // The server's first SETTINGS frame carries its stream limit; until then Node assumes 100.
    await withTimeout<void>(`${endpoint.label}: HTTP/2 SETTINGS`, CONNECT_TIMEOUT_MS, (resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', (err) => reject(new Error(`${endpoint.label}: HTTP/2 session: ${err.message}`)));
      session.once('close', () => reject(new Error(`${endpoint.label}: HTTP/2 session closed before its SETTINGS`)));
    });
  } catch (err) {
    session.destroy();
    throw err;
  }
  // Later errors belong to the streams, which report them; an unhandled one must not end the bench.
  session.on('error', () => {});
  return { session, maxConcurrentStreams: session.remoteSettings.maxConcurrentStreams ?? 100 };
}

/** The request headers of a GET in HTTP/2 form: pseudo-headers, names in lower case. */
export function h2Headers(endpoint: Endpoint, path: string): http2.OutgoingHttpHeaders {
  const headers: http2.OutgoingHttpHeaders = { ':method': 'GET', ':path': path };
  for (const [name, value] of Object.entries(endpoint.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

/** One GET on a session; resolves with the status once the whole body has been read (and dropped). */
export function h2Get(h2: H2Session, endpoint: Endpoint, path: string): Promise<number> {
  return withTimeout(`${endpoint.label}: HTTP/2 GET ${path}`, CONNECT_TIMEOUT_MS * 3, (resolve, reject) => {
    const stream = h2.session.request(h2Headers(endpoint, path), { endStream: true });
    let status = 0;
    stream.once('response', (h) => (status = Number(h[':status'])));
    stream.on('data', () => {});
    stream.once('end', () => resolve(status));
    stream.once('error', (err) => reject(new Error(`${endpoint.label}: HTTP/2 GET ${path}: ${err.message}`)));
  });
}
