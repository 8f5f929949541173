// The impersonating proxy (SPEC §4, §9): one loopback listener per connected resource. Admission
// parses the target, checks Host and the local token and who the person is; the header decision
// swaps the client's identity for the leased credential plus Impersonate-* headers and frames the
// body; forward-request.ts and forward-upgrade.ts stream everything both ways. Every listener runs
// under its connection's guard, so no request, answer or stream can end the process.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RequestRecord } from '../../../shared/activity';
import { answerStatus, answerStatusRaw, rawStatus } from './answers';
import { ConnectionGuard, faultMessage, guardOf } from './connection-guard';
import { extrasOf, newExchange, recordOf, type Exchange, type RequestExtras } from './exchange';
import { forwardRequest, type Forward } from './forward-request';
import { forwardUpgrade, type ChannelSession } from './forward-upgrade';
import type { Admission, Refused } from './admission';
import { upstreamHeaders, pairsFromRaw } from './headers';
import { DEFAULT_LISTENER_LIMITS, serverOptions, type ListenerLimits } from './listener-limits';
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
  localRoute?: (req: http.IncomingMessage, res: http.ServerResponse, target: RequestTarget) => boolean | Promise<boolean>;
}


/** Connection-level parse errors from Node, as the Status code the client gets. */
function clientErrorCode(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return 408;
  return 400;
}

export class ImpersonatingProxy<A extends Admission = Admission> {
  readonly limits: ListenerLimits;
  readonly admission: A;
  private readonly server: https.Server;
  private readonly sockets = new Set<Duplex>();
  private readonly guards = new WeakMap<Duplex, ConnectionGuard>();
  private readonly channelSessions = new Set<ChannelSession>();
  /** Requests under way (streams included): what a graceful stop waits for. */
  private readonly inFlight = new Set<Exchange>();
  private onSettled: (() => void) | null = null;

  constructor(private readonly options: ProxyOptions<A>) {
    this.admission = options.admission;
    this.limits = { ...DEFAULT_LISTENER_LIMITS, ...options.limits };
    this.server = https.createServer(
      {
        ...serverOptions(this.limits),
        cert: options.tls.certPem,
        key: options.tls.keyPem,
        // kubectl speaks HTTP/1.1 to us; upgrades (exec, port-forward) need it anyway.
        ALPNProtocols: ['http/1.1'],
      },
      (req, res) => this.onRequest(req, res),
    );
    this.server.maxConnections = this.limits.maxConnections;
    // Every header the client sent is seen by the header decision (the size limit bounds them);
    // Node's default would silently leave out all past the 2000th.
    this.server.maxHeadersCount = 0;
    this.server.timeout = 0;
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
      socket.on('error', () => {});
      socket.end(rawStatus(400, `gatehouse: CONNECT is not supported by resource "${options.admission.name}"`));
    });
    // TLS sockets, the same objects the request and upgrade handlers see (so close() can tell the
    // exec sessions it lets finish from the rest).
    this.server.on('secureConnection', (socket: Socket) => this.track(socket));
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
    for (const socket of this.sockets) if (!ending.has(socket)) socket.destroy();
    this.server.closeAllConnections();
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
    this.server.closeIdleConnections();
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

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    this.guards.set(socket, new ConnectionGuard(socket, this.reportFault));
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {}); // a client vanishing mid-stream is normal
  }

  private readonly reportFault = (where: string, err: unknown): void => {
    const line = `gatehouse: internal error on a connection of resource "${this.options.admission.name}" (${where}): ${faultMessage(err)}; the connection was closed, nothing else is affected`;
    if (this.options.onFault) this.options.onFault(line);
    else process.stderr.write(`${line}\n`);
  };

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const guard = guardOf(this.guards, req, this.reportFault);
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
    guard.watch('request', this.handleRequest(req, res, ex, guard));
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

  /** The target, then the host's own routes (plain requests only), then admission. */
  private route(req: http.IncomingMessage, ex: Exchange): { ok: true; target: RequestTarget } | Refused {
    const parsed = parseRequestTarget(req.url);
    if (!parsed.ok) return { ok: false, code: 400, message: `gatehouse: ${this.admission.name}: ${parsed.message}` };
    ex.targetValid = true;
    return { ok: true, target: parsed.target };
  }

  /** Admission, the leased credential and the header decision; a refusal or what to forward. */
  private async gate(req: http.IncomingMessage, ex: Exchange, target: RequestTarget, upgrade: boolean, guard: ConnectionGuard): Promise<Forward | Refused> {
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
    const decision = upstreamHeaders(pairsFromRaw(req.rawHeaders), {
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

  private async handleRequest(req: http.IncomingMessage, res: http.ServerResponse, ex: Exchange, guard: ConnectionGuard): Promise<void> {
    const routed = this.route(req, ex);
    const gated = !routed.ok ? routed : (await this.options.localRoute?.(req, res, routed.target)) ? null : await this.gate(req, ex, routed.target, false, guard);
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
    const routed = this.route(req, ex);
    const gated = routed.ok ? await this.gate(req, ex, routed.target, true, guard) : routed;
    if ('ok' in gated) {
      answerStatusRaw(socket, ex, gated.code, gated.message, gated.headers);
      return;
    }
    forwardUpgrade({
      ...gated,
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
