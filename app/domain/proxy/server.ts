// The impersonating proxy (SPEC §4, §9): one loopback listener per connected resource. Admission
// parses the target, checks Host and the local token and who the person is; the header decision
// swaps the client's identity for the leased credential plus Impersonate-* headers and frames the
// body; forward-request.ts and forward-upgrade.ts stream everything both ways. Every listener runs
// under its connection's guard, so no request, answer or stream can end the process.
//
// The listener speaks HTTP/2 and HTTP/1.1 (ALPN; the client chooses). client-go, and so kubectl,
// controllers, k9s and Lens, take HTTP/2 when offered: one connection carries a tool's requests and
// all its watches, where HTTP/1.1 needs a connection (here and to the cluster) per watch. Upgrades
// (exec, attach, port-forward, websocket or SPDY) are HTTP/1.1 always: client-go dials them so.
// An HTTP/2 request's head is translated to HTTP/1.1's once (h2-request-head.ts), so admission and
// the header decision are the same code for both.
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { RequestRecord } from '../../../shared/activity';
import { answerStatus, answerStatusRaw, rawStatus } from './answers';
import { h2Response, type ClientRequest, type ClientResponse } from './client-messages';
import { ConnectionGuard, faultMessage, guardOf } from './connection-guard';
import { extrasOf, newExchange, recordOf, type Exchange, type RequestExtras } from './exchange';
import { forwardRequest, type Forward } from './forward-request';
import { forwardUpgrade, type ChannelSession } from './forward-upgrade';
import type { Admission, Refused } from './admission';
import { h2RequestHead } from './h2-request-head';
import { upstreamHeaders, pairsFromRaw, type HeaderList } from './headers';
import { applyHttp1Limits, DEFAULT_LISTENER_LIMITS, listenerOptions, type ListenerLimits } from './listener-limits';
import { isStreamingTarget, parseRequestTarget, type RequestTarget } from './request-target';
import type { SessionRecorder } from './session-recorder';
import { CredentialError } from './upstream';
import { finalFrames } from './ws-final-message';

export interface ProxyOptions<A extends Admission = Admission> {
  /** Who each request is for (loopback-admission.ts on the desktop). */
  admission: A;
  /** 0 picks a free port (tests); connections use the resource's stable port. */
  port: number;
  /** Default 127.0.0.1: only the gateway listens on other addresses. */
  host?: string;
  /** Receives one record per request once it has finished (health checks excepted). */
  onRequest?: (record: RequestRecord, extras: RequestExtras) => void;
  /** Told when an admitted stream (upgrade, watch, followed log) goes upstream and when it ends. */
  onStream?: (change: 'opened' | 'closed', resource: string) => void;
  /** Records websocket exec/attach sessions. */
  recorder?: SessionRecorder;
  /** The listener's certificate (see local-tls.ts for why the loopback listener is TLS too). */
  tls: { certPem: string; keyPem: string };
  /** Pre-admission bounds; the defaults suit a desktop. */
  limits?: Partial<ListenerLimits>;
  /**
   * A fault of Gatehouse's own code on one connection (it was contained: that connection got a
   * 500 or was closed). The message carries no request data. Default: one line on stderr.
   */
  onFault?: (message: string) => void;
  /**
   * Plain requests the host answers itself (the gateway's /healthz, /metrics, API), asked after the
   * target is parsed and before admission; true when it answered. Runs under the connection guard.
   */
  localRoute?: (req: ClientRequest, res: ClientResponse, target: RequestTarget) => boolean | Promise<boolean>;
}

/** A request head as the rest of the proxy reads it (HTTP/2's translated), or why it has none. */
type ClientHead = { ok: true; headers: HeaderList } | { ok: false; code: number; message: string };


/** Connection-level parse errors from Node, as the Status code the client gets. */
function clientErrorCode(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return 408;
  return 400;
}

export class ImpersonatingProxy<A extends Admission = Admission> {
  readonly limits: ListenerLimits;
  readonly admission: A;
  private readonly server: http2.Http2SecureServer;
  /** TLS sockets, HTTP/1.1 and HTTP/2 alike. */
  private readonly sockets = new Set<Duplex>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  /** The TLS sockets under those sessions (ALPN h2). */
  private readonly sessionSockets = new WeakSet<Duplex>();
  /** Requests under way per HTTP/1.1 connection: a graceful stop closes the idle ones at once. */
  private readonly busy = new Map<Duplex, number>();
  private readonly guards = new WeakMap<Duplex, ConnectionGuard>();
  private readonly channelSessions = new Set<ChannelSession>();
  /** Requests under way (streams included): what a graceful stop waits for. */
  private readonly inFlight = new Set<Exchange>();
  private onSettled: (() => void) | null = null;
  /** drain() was called: a session that comes up after it (its handshake was under way) is told at once. */
  private draining = false;

  constructor(private readonly options: ProxyOptions<A>) {
    this.admission = options.admission;
    this.limits = { ...DEFAULT_LISTENER_LIMITS, ...options.limits };
    this.server = http2.createSecureServer({ ...listenerOptions(this.limits), cert: options.tls.certPem, key: options.tls.keyPem });
    applyHttp1Limits(this.server, this.limits);
    this.server.maxConnections = this.limits.maxConnections;
    // One handler for both protocols: Node hands HTTP/1.1 requests over as http.IncomingMessage.
    this.server.on('request', (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => {
      if (req instanceof http2.Http2ServerRequest && res instanceof http2.Http2ServerResponse) this.onH2Request(req, res);
      else if (req instanceof http.IncomingMessage && res instanceof http.ServerResponse) this.onH1Request(req, res);
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('connect', (req: http.IncomingMessage | http2.Http2ServerRequest, socketOrRes: Duplex | http2.Http2ServerResponse) => {
      const message = `gatehouse: CONNECT is not supported by resource "${options.admission.name}"`;
      if (socketOrRes instanceof http2.Http2ServerResponse) {
        // HTTP/2: the stream is refused, the connection and its other streams go on.
        answerStatus(h2Response(socketOrRes), newExchange(options.admission.name, req.method, req.url), 400, message);
        return;
      }
      socketOrRes.on('error', () => {});
      socketOrRes.end(rawStatus(400, message));
    });
    this.server.on('session', (session: http2.ServerHttp2Session) => this.trackSession(session));
    // TLS sockets, the same objects the request and upgrade handlers see (so close() can tell the
    // exec sessions it lets finish from the rest).
    this.server.on('secureConnection', (socket: TLSSocket) => this.track(socket));
    // A TLS handshake failure (e.g. a plain-HTTP client) concerns that connection only.
    this.server.on('tlsClientError', (_err, socket: Duplex) => socket.destroy());
    // A malformed request, headers too large or too slow: answered and closed; nothing else is affected.
    this.server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
      if (!socket.writable || err.code === 'ECONNRESET') {
        socket.destroy();
        return;
      }
      const code = clientErrorCode(err.code);
      socket.end(rawStatus(code, `gatehouse: resource "${options.admission.name}" could not read the request: ${err.code ?? err.message}`));
    });
  }

  get resource(): string {
    return this.options.admission.name;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port: this.options.port, host: this.options.host ?? '127.0.0.1', exclusive: true }, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * Stops listening and ends every open connection, streams included. Websocket exec/attach
   * sessions first get `reason` as a final error message, which kubectl prints.
   */
  close(reason = `resource "${this.options.admission.name}" was disconnected by Gatehouse`): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const ending = new Set<Duplex>();
    for (const session of this.channelSessions) {
      session.upstream.unpipe(session.client);
      session.upstream.destroy();
      if (session.fromServer.atBoundary && session.client.writable) {
        // end() sends the frames, then closes; the client's close completes it.
        session.client.end(finalFrames(session.protocol, `gatehouse: ${reason}`));
        ending.add(session.client);
      }
    }
    this.channelSessions.clear();
    for (const session of this.sessions) session.destroy();
    for (const socket of this.sockets) if (!ending.has(socket)) socket.destroy();
    this.admission.close();
    return closed;
  }

  /**
   * A graceful stop (the gateway's SIGTERM): no new connections, idle ones closed; requests under
   * way may finish for up to `graceMs`; streams (watches, exec, port-forward) never finish on their
   * own, so they are not waited for. Then close(reason) ends whatever is left, exec sessions with
   * `reason` as their final message.
   */
  async drain(graceMs: number, reason: string): Promise<void> {
    this.server.close();
    this.draining = true;
    for (const session of this.sessions) this.sendGoaway(session);
    for (const socket of this.sockets) if (!this.sessionSockets.has(socket) && (this.busy.get(socket) ?? 0) === 0) socket.destroy();
    const settled = (): boolean => [...this.inFlight].every((ex) => ex.stream);
    if (!settled()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, graceMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.onSettled = () => {
          if (settled()) done();
        };
      });
      this.onSettled = null;
    }
    await this.close(reason);
  }

  /**
   * HTTP/2 clients are told with GOAWAY (close() alone would only send it once the last stream
   * ended): streams under way go on, new ones go to another replica.
   */
  private sendGoaway(session: http2.ServerHttp2Session): void {
    session.goaway(http2.constants.NGHTTP2_NO_ERROR);
    session.close();
  }

  private track(socket: TLSSocket): void {
    this.sockets.add(socket);
    if (socket.alpnProtocol === 'h2') this.sessionSockets.add(socket);
    else this.guards.set(socket, new ConnectionGuard(socket, this.reportFault));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.busy.delete(socket);
    });
    socket.on('error', () => {}); // a client vanishing mid-stream is normal
  }

  /**
   * An HTTP/2 connection. Its streams are bounded by SETTINGS_MAX_CONCURRENT_STREAMS; the
   * connection itself by the keep-alive rule of HTTP/1.1: no open stream for keepAliveTimeoutMs
   * and it is closed (GOAWAY) — counted from when the last stream ended, whatever the client sends
   * meanwhile (PINGs, a header block trickled byte by byte), so an idle connection cannot be held.
   * A stream once open (a watch) has no idle timeout.
   */
  private trackSession(session: http2.ServerHttp2Session): void {
    this.sessions.add(session);
    session.on('error', () => {}); // the session ends; its streams end with it, nothing else does
    let open = 0;
    let idle: NodeJS.Timeout | undefined;
    const idleFromNow = (): void => {
      idle = setTimeout(() => session.close(), this.limits.keepAliveTimeoutMs).unref();
    };
    session.on('stream', (stream: http2.ServerHttp2Stream) => {
      open += 1;
      clearTimeout(idle);
      stream.once('close', () => {
        open -= 1;
        if (open === 0 && !session.closed) idleFromNow();
      });
    });
    session.once('close', () => {
      clearTimeout(idle);
      this.sessions.delete(session);
    });
    // A TLS 1.3 client finishes its handshake before the server does: it may have been told
    // "connected" before drain() and have its session come up here after it.
    if (this.draining) this.sendGoaway(session);
    else idleFromNow();
  }

  private readonly reportFault = (where: string, err: unknown): void => {
    const line = `gatehouse: internal error on a connection of resource "${this.options.admission.name}" (${where}): ${faultMessage(err)}; the connection was closed, nothing else is affected`;
    if (this.options.onFault) this.options.onFault(line);
    else process.stderr.write(`${line}\n`);
  };

  /**
   * An HTTP/2 request: its head translated, then as any other. A fault costs its stream only
   * (the guard's "connection" is the stream: destroying it resets that stream).
   */
  private onH2Request(req: http2.Http2ServerRequest, h2res: http2.Http2ServerResponse): void {
    const res = h2Response(h2res);
    const guard = new ConnectionGuard(req.stream, this.reportFault);
    const head = h2RequestHead(req.rawHeaders, !req.stream.endAfterHeaders, this.limits.maxHeaderBytes);
    // Admission reads Host (the loopback check, SPEC §4); in HTTP/2 it is :authority.
    if (head.ok) req.headers.host = head.host;
    this.onRequest(req, res, head.ok ? { ok: true, headers: head.headers } : head, guard);
  }

  private onH1Request(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { socket } = req;
    this.busy.set(socket, (this.busy.get(socket) ?? 0) + 1);
    res.once('close', () => {
      if (this.busy.has(socket)) this.busy.set(socket, (this.busy.get(socket) ?? 1) - 1);
    });
    this.onRequest(req, res, { ok: true, headers: pairsFromRaw(req.rawHeaders) }, guardOf(this.guards, req, this.reportFault));
  }

  private onRequest(req: ClientRequest, res: ClientResponse, head: ClientHead, guard: ConnectionGuard): void {
    const ex = newExchange(this.admission.name, req.method, req.url);
    this.inFlight.add(ex);
    guard.answering({
      internalError: (message) => {
        if (res.headersSent) return false;
        answerStatus(res, ex, 500, message);
        return true;
      },
    });
    res.on('error', () => {});
    res.on(
      'close',
      guard.wrap('request log', () => this.record(ex)),
    );
    guard.watch('request', this.handleRequest(req, res, head, ex, guard));
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const guard = guardOf(this.guards, req, this.reportFault);
    const ex = newExchange(this.admission.name, req.method, req.url);
    this.inFlight.add(ex);
    ex.upgrade = String(req.headers.upgrade ?? '').slice(0, 64);
    guard.answering({
      internalError: (message) => {
        if (ex.answered || !socket.writable) return false;
        answerStatusRaw(socket, ex, 500, message);
        return true;
      },
    });
    socket.on(
      'close',
      guard.wrap('request log', () => this.record(ex)),
    );
    guard.watch('upgrade', this.handleUpgrade(req, socket, head, ex, guard));
  }

  /** The head and the target, then the host's own routes (plain requests only), then admission. */
  private route(req: ClientRequest, head: ClientHead, ex: Exchange): { ok: true; target: RequestTarget; headers: HeaderList } | Refused {
    if (!head.ok) return { ok: false, code: head.code, message: `${head.message} (resource "${this.admission.name}")` };
    const parsed = parseRequestTarget(req.url);
    if (!parsed.ok) return { ok: false, code: 400, message: `gatehouse: ${this.admission.name}: ${parsed.message}` };
    ex.targetValid = true;
    return { ok: true, target: parsed.target, headers: head.headers };
  }

  /** Admission, the leased credential and the header decision; a refusal or what to forward. */
  private async gate(req: ClientRequest, headers: HeaderList, ex: Exchange, target: RequestTarget, upgrade: boolean, guard: ConnectionGuard): Promise<Forward | Refused> {
    const admitted = await this.admission.admit(req, target);
    if (admitted.resource !== undefined) ex.resource = admitted.resource;
    if (admitted.address !== undefined) ex.address = admitted.address;
    if (!admitted.ok) return admitted;
    ex.identity = admitted.identity;
    ex.healthCheck = admitted.healthCheck === true;
    ex.target = admitted.target.raw;
    const { resource, upstream } = admitted;
    let credential;
    try {
      credential = await upstream.target();
    } catch (err) {
      const message = err instanceof CredentialError ? err.message : `cannot use the leased credential: ${faultMessage(err)}`;
      return { ok: false, code: 502, message: `gatehouse: resource "${resource}": ${message}` };
    }
    const decision = upstreamHeaders(headers, {
      identity: admitted.identity,
      // A gateway impersonates the person its bearer token names itself (SPEC §10).
      impersonation: upstream.nextHop === 'gateway' ? 'next-hop' : 'add',
      credentialHeaders: credential.headers,
      upstreamHost: upstream.server.host,
      upgrade,
      subprotocols: admitted.subprotocols,
      resource,
      forwardedFor: admitted.forwardedFor,
    });
    if (decision.kind === 'refuse') return { ok: false, code: decision.code, message: decision.message };
    if (upgrade || isStreamingTarget(admitted.target)) {
      ex.stream = true;
      this.options.onStream?.('opened', resource);
    }
    return { req, ex, guard, resource, upstream, credential, headers: decision.headers.flat(), framing: decision.framing, target: admitted.target };
  }

  private async handleRequest(req: ClientRequest, res: ClientResponse, head: ClientHead, ex: Exchange, guard: ConnectionGuard): Promise<void> {
    const routed = this.route(req, head, ex);
    const gated = !routed.ok ? routed : (await this.options.localRoute?.(req, res, routed.target)) ? null : await this.gate(req, routed.headers, ex, routed.target, false, guard);
    if (gated === null) {
      ex.local = true;
      return;
    }
    if ('ok' in gated) {
      // The body of a refused request is read and discarded, so the connection stays usable.
      req.resume();
      answerStatus(res, ex, gated.code, gated.message, gated.headers);
      return;
    }
    forwardRequest(gated, res);
  }

  private async handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, ex: Exchange, guard: ConnectionGuard): Promise<void> {
    const routed = this.route(req, { ok: true, headers: pairsFromRaw(req.rawHeaders) }, ex);
    const gated = routed.ok ? await this.gate(req, routed.headers, ex, routed.target, true, guard) : routed;
    if ('ok' in gated) {
      answerStatusRaw(socket, ex, gated.code, gated.message, gated.headers);
      return;
    }
    forwardUpgrade({
      ...gated,
      req,
      socket,
      head,
      recorder: this.options.recorder,
      onChannelSession: (session) => {
        this.channelSessions.add(session);
        socket.on('close', () => this.channelSessions.delete(session));
      },
    });
  }

  private record(ex: Exchange): void {
    if (ex.recorded) return;
    ex.recorded = true;
    this.inFlight.delete(ex);
    this.onSettled?.();
    if (ex.stream) this.options.onStream?.('closed', ex.resource);
    if (ex.healthCheck || ex.local) return;
    this.options.onRequest?.(recordOf(ex), extrasOf(ex));
  }
}
