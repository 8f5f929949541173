// HTTP/2 sessions to one API server, shared by every ordinary request of an upstream: a watch is a
// stream, not a TLS connection of its own (kubectl proxy and client-go multiplex the same way).
//
// A session is opened only when the server chose `h2` by ALPN; a server that picks http/1.1 is
// remembered and the caller uses its HTTP/1.1 agent from then on. Each session takes as many streams
// as the server's SETTINGS_MAX_CONCURRENT_STREAMS allows (beyond that nghttp2 would queue a stream
// silently: a watch that never starts), so more sessions are opened as needed. A session that got
// GOAWAY, failed or closed takes no new streams; idle sessions do not keep the process alive.
import http2 from 'node:http2';
import { isIP } from 'node:net';
import tls from 'node:tls';

/** The TLS material of the upstream's HTTP/1.1 agent: both must authenticate the same way. */
export type H2TlsMaterial = Pick<
  tls.ConnectionOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

/**
 * Streams a session is given before the server's SETTINGS arrive: Node's own assumption
 * (peerMaxConcurrentStreams) and the HTTP/2 recommended minimum (RFC 9113 §6.5.2).
 */
const ASSUMED_STREAM_LIMIT = 100;

/** Client stream ids are odd 31-bit numbers; a session is retired well before they run out. */
const STREAMS_PER_SESSION = 2 ** 30 - 1024;

/**
 * Flow-control windows Gatehouse offers (Node's default is 64 KiB for both): a large LIST would
 * otherwise wait for a WINDOW_UPDATE every 64 KiB. Per stream this is what the server may send
 * ahead of a slow client; the kernel buffers of an HTTP/1.1 connection hold about as much.
 */
export const H2_STREAM_WINDOW = 1024 * 1024;
export const H2_SESSION_WINDOW = 16 * 1024 * 1024;

/** nghttp2's memory per session (Node's default 10 MB); must hold every stream's window. */
const MAX_SESSION_MEMORY_MB = 64;

/** A stream the pool reserved on a session; `request` opens it, `release` gives it back unused. */
export interface H2Lease {
  /** Opens the stream at once (synchronously, so the caller's listeners come before any event). */
  request(headers: http2.OutgoingHttpHeaders, options: http2.ClientSessionRequestOptions): http2.ClientHttp2Stream;
  release(): void;
}

interface PooledSession {
  session: http2.ClientHttp2Session;
  /** Streams open or reserved. */
  active: number;
  opened: number;
  /** GOAWAY, error or close: no new streams. */
  retired: boolean;
}

interface Waiter {
  resolve(lease: H2Lease | null): void;
  reject(err: Error): void;
}

export class H2SessionPool {
  private readonly sessions: PooledSession[] = [];
  private readonly connecting = new Set<tls.TLSSocket>();
  private readonly waiting: Waiter[] = [];
  /** true: the server chose HTTP/2; false: it chose http/1.1; null: not asked yet. */
  private h2: boolean | null = null;
  private closed = false;
  /** The last stream limit a server announced (what a session being opened will likely allow). */
  private knownLimit = ASSUMED_STREAM_LIMIT;
  private opened = 0;

  constructor(
    private readonly server: URL,
    private readonly tlsMaterial: H2TlsMaterial,
  ) {}

  /** false once the server chose http/1.1: the caller uses its HTTP/1.1 agent. */
  get speaksH2(): boolean | null {
    return this.h2;
  }

  /** Open sessions (for tests and measurements). */
  get sessionCount(): number {
    return this.sessions.length;
  }

  /** Streams open or reserved, over all sessions. */
  get streamCount(): number {
    return this.sessions.reduce((n, s) => n + s.active, 0);
  }

  /** Streams opened since the pool was made. */
  get streamsOpened(): number {
    return this.opened;
  }

  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, as last announced. */
  get streamLimit(): number {
    return this.knownLimit;
  }

  /**
   * A stream on a session with room, opening a session when none has; null when the server does
   * not speak HTTP/2. Rejects with the connection's error (ECONNREFUSED, TLS) when it cannot be
   * reached, as the HTTP/1.1 agent would.
   */
  acquire(): Promise<H2Lease | null> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (this.h2 === false) return Promise.resolve(null);
    const entry = this.withRoom();
    if (entry) return Promise.resolve(this.lease(entry));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every session and stream now (the upstream is closed or its TLS material changed). */
  close(): void {
    this.closed = true;
    for (const socket of this.connecting) socket.destroy();
    this.connecting.clear();
    for (const entry of this.sessions.splice(0)) entry.session.destroy();
    for (const waiter of this.waiting.splice(0)) waiter.reject(new PoolClosedError());
  }

  private withRoom(): PooledSession | undefined {
    return this.sessions.find((s) => !s.retired && s.active < this.limitOf(s));
  }

  private limitOf(entry: PooledSession): number {
    const announced = entry.session.remoteSettings.maxConcurrentStreams;
    return announced === undefined ? ASSUMED_STREAM_LIMIT : announced;
  }

  private lease(entry: PooledSession): H2Lease {
    entry.active += 1;
    if (entry.active === 1) entry.session.ref();
    let used = false;
    return {
      request: (headers, options) => {
        if (used) throw new Error('an HTTP/2 lease opens one stream');
        used = true;
        entry.opened += 1;
        this.opened += 1;
        if (entry.opened >= STREAMS_PER_SESSION) entry.retired = true;
        let stream: http2.ClientHttp2Stream;
        try {
          stream = entry.session.request(headers, options);
        } catch (err) {
          this.done(entry);
          throw err;
        }
        stream.once('close', () => this.done(entry));
        return stream;
      },
      release: () => {
        if (used) return;
        used = true;
        this.done(entry);
      },
    };
  }

  /** A stream of `entry` ended (or a reservation was given back). */
  private done(entry: PooledSession): void {
    entry.active -= 1;
    if (entry.active === 0) {
      entry.session.unref();
      // After a burst (hundreds of watches ended) the pool shrinks back to one idle session.
      const otherIdle = this.sessions.some((s) => s !== entry && !s.retired && s.active < this.limitOf(s));
      if (otherIdle || entry.retired) {
        entry.retired = true;
        entry.session.close();
      }
    }
    this.dispatch();
  }

  /** Leases for the waiting callers, and sessions opened for those that find no room. */
  private dispatch(): void {
    while (this.waiting.length > 0) {
      const entry = this.withRoom();
      if (!entry) break;
      this.waiting.shift()?.resolve(this.lease(entry));
    }
    if (this.waiting.length === 0 || this.closed || this.h2 === false) return;
    const wanted = Math.ceil(this.waiting.length / Math.max(1, this.knownLimit));
    for (let n = this.connecting.size; n < wanted; n += 1) this.connect();
  }

  private connect(): void {
    const host = this.server.hostname.replace(/^\[(.*)\]$/, '$1');
    const m = this.tlsMaterial;
    const socket = tls.connect({
      host,
      port: Number(this.server.port || 443),
      // As Node's https.Agent: SNI (and the certificate's name check) is the host unless it is an address.
      servername: m.servername ?? (isIP(host) === 0 ? host : undefined),
      ca: m.ca,
      cert: m.cert,
      key: m.key,
      pfx: m.pfx,
      passphrase: m.passphrase,
      rejectUnauthorized: m.rejectUnauthorized,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    this.connecting.add(socket);
    const failed = (err: Error): void => {
      if (!this.connecting.delete(socket)) return;
      // Those waiting fail as an HTTP/1.1 request would; with another session on the way they wait for it.
      if (this.connecting.size === 0) for (const waiter of this.waiting.splice(0)) waiter.reject(err);
    };
    socket.once('error', failed);
    socket.once('close', () => failed(new ConnectionClosedError()));
    socket.once('secureConnect', () => {
      socket.off('error', failed);
      if (socket.alpnProtocol !== 'h2') {
        this.connecting.delete(socket);
        socket.destroy();
        this.h2 = false;
        for (const waiter of this.waiting.splice(0)) waiter.resolve(null);
        return;
      }
      this.h2 = true;
      this.startSession(socket, failed);
    });
  }

  private startSession(socket: tls.TLSSocket, failed: (err: Error) => void): void {
    const session = http2.connect(this.server.origin, {
      createConnection: () => socket,
      settings: { enablePush: false, initialWindowSize: H2_STREAM_WINDOW },
      maxSessionMemory: MAX_SESSION_MEMORY_MB,
    });
    const entry: PooledSession = { session, active: 0, opened: 0, retired: false };
    // Errors reach the streams themselves; the session's is only the reason it is gone.
    session.on('error', () => {});
    session.on('goaway', () => this.retire(entry));
    session.on('close', () => {
      this.retire(entry);
      const at = this.sessions.indexOf(entry);
      if (at >= 0) this.sessions.splice(at, 1);
      failed(new ConnectionClosedError());
      this.dispatch();
    });
    // Streams go out only once the server has said how many it takes.
    session.once('remoteSettings', (settings) => {
      if (!this.connecting.delete(socket) || this.closed) {
        session.destroy();
        return;
      }
      if (settings.maxConcurrentStreams !== undefined) this.knownLimit = settings.maxConcurrentStreams;
      session.setLocalWindowSize(H2_SESSION_WINDOW);
      session.unref();
      this.sessions.push(entry);
      this.dispatch();
    });
  }

  private retire(entry: PooledSession): void {
    entry.retired = true;
    if (entry.active === 0 && !entry.session.closed) entry.session.close();
  }
}

/** The upstream was closed while a request waited for a stream. */
export class PoolClosedError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the connection to the server was closed');
  }
}

/** The server closed the connection before the HTTP/2 session was ready. */
export class ConnectionClosedError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('the server closed the connection before HTTP/2 was ready');
  }
}
