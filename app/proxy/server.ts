// The impersonating proxy (SPEC §4): one loopback listener per connected resource. It checks the
// local token and Host, refuses client impersonation, swaps the client's identity for the leased
// credential plus Impersonate-* headers, and streams everything both ways — plain responses,
// watches, and upgraded connections (websocket and SPDY: exec, attach, cp, port-forward).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RequestRecord } from '../../shared/activity';
import { upstreamHeaders, pairsFromRaw, type HeaderList } from './headers';
import { isLoopbackHost } from './host-check';
import type { IdentitySource, ImpersonatedIdentity } from './identity';
import { statusResponse } from './k8s-status';
import { presentedCredential, tokenMatches } from './local-auth';
import { requestInfo } from './request-info';
import { describeUpstreamError } from './upstream-errors';
import { CredentialError, type Upstream, type UpstreamTarget } from './upstream';
import type { SessionRecorder } from './session-recorder';
import { FrameBoundaryTracker, finalFrames } from './ws-final-message';

export interface ProxyOptions {
  resource: string;
  /** 0 picks a free port (tests); connections use the resource's stable port. */
  port: number;
  /** The local token; a function so rotation applies to the next request. */
  localToken: () => string;
  identity: IdentitySource;
  upstream: Upstream;
  /** Receives one record per request once it has finished. */
  onRequest?: (record: RequestRecord) => void;
  /** Records websocket exec/attach sessions. */
  recorder?: SessionRecorder;
  /** The loopback listener's certificate (see local-tls.ts for why it is TLS). */
  tls: { certPem: string; keyPem: string };
}

/** Response headers that describe the hop, not the message, and must not be relayed. */
const HOP_BY_HOP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'trailer']);

interface Exchange {
  started: number;
  time: string;
  identity: ImpersonatedIdentity | null;
  status: number;
  bytes: number;
  refused?: string;
  upgrade?: string;
}

/** An upgraded websocket session speaking a *.channel.k8s.io protocol (exec, attach). */
interface ChannelSession {
  client: Duplex;
  upstream: Socket;
  protocol: string;
  fromServer: FrameBoundaryTracker;
}

export class ImpersonatingProxy {
  private readonly server: https.Server;
  private readonly sockets = new Set<Duplex>();
  private readonly channelSessions = new Set<ChannelSession>();

  constructor(private readonly options: ProxyOptions) {
    const serverOptions: https.ServerOptions = {
      cert: options.tls.certPem,
      key: options.tls.keyPem,
      noDelay: true,
      requestTimeout: 0,
      keepAliveTimeout: 30_000,
      // kubectl speaks HTTP/1.1 to us; upgrades (exec, port-forward) need it anyway.
      ALPNProtocols: ['http/1.1'],
    };
    this.server = https.createServer(serverOptions, (req, res) => {
      void this.handleRequest(req, res).catch((err: unknown) => this.internalError(res, err));
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.handleUpgrade(req, socket, head).catch(() => socket.destroy());
    });
    // TLS sockets, the same objects the request and upgrade handlers see (so close() can tell the
    // exec sessions it lets finish from the rest).
    this.server.on('secureConnection', (socket: Socket) => this.track(socket));
    // A TLS handshake failure (e.g. a plain-HTTP client) concerns that connection only.
    this.server.on('tlsClientError', (_err, socket: Duplex) => socket.destroy());
    // A malformed request line from one client is answered and closed; nothing else is affected.
    this.server.on('clientError', (_err, socket: Duplex) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.server.timeout = 0;
  }

  get resource(): string {
    return this.options.resource;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen({ port: this.options.port, host: '127.0.0.1', exclusive: true }, () => {
        this.server.off('error', onError);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * Stops listening and ends every open connection, streams included. Websocket exec/attach
   * sessions first get `reason` as a final error message, which kubectl prints.
   */
  close(reason = `resource "${this.options.resource}" was disconnected by Gatehouse`): Promise<void> {
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
    this.options.upstream.close();
    return closed;
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {}); // a client vanishing mid-stream is normal
  }

  /** Host check, local token, identity: the same gate for plain and upgrade requests. */
  private admit(req: http.IncomingMessage): { ok: true; identity: ImpersonatedIdentity; subprotocols: string | null } | { ok: false; code: number; message: string } {
    const { resource } = this.options;
    if (!isLoopbackHost(req.headers.host)) {
      return { ok: false, code: 403, message: `gatehouse: Host "${req.headers.host ?? ''}" is not a loopback name; resource "${resource}" only answers to localhost / 127.0.0.1` };
    }
    const subprotocolHeader = req.headers['sec-websocket-protocol'];
    const presented = presentedCredential(req.headers.authorization, Array.isArray(subprotocolHeader) ? subprotocolHeader.join(', ') : subprotocolHeader);
    if (!tokenMatches(presented.token, this.options.localToken())) {
      const what = presented.token === null ? 'no local token' : 'a wrong local token';
      return { ok: false, code: 401, message: `gatehouse: request for resource "${resource}" has ${what}; run "gatehouse k8s update-config" and use the context "${resource}"` };
    }
    let identity: ImpersonatedIdentity;
    try {
      identity = this.options.identity.current();
    } catch (err) {
      // e.g. the org file changed and this person lost the resource: refuse, never fall back.
      return { ok: false, code: 403, message: `gatehouse: resource "${resource}": ${(err as Error).message}` };
    }
    return { ok: true, identity, subprotocols: presented.remainingSubprotocols };
  }

  private async prepare(req: http.IncomingMessage, identity: ImpersonatedIdentity, subprotocols: string | null, upgrade: boolean): Promise<{ ok: true; target: UpstreamTarget; headers: string[] } | { ok: false; code: number; message: string }> {
    const { resource, upstream } = this.options;
    let target: UpstreamTarget;
    try {
      target = await upstream.target();
    } catch (err) {
      const message = err instanceof CredentialError ? err.message : `cannot use the leased credential: ${(err as Error).message}`;
      return { ok: false, code: 502, message: `gatehouse: resource "${resource}": ${message}` };
    }
    const decision = upstreamHeaders(pairsFromRaw(req.rawHeaders), {
      identity,
      credentialHeaders: target.headers,
      upstreamHost: upstream.server.host,
      upgrade,
      subprotocols,
      resource,
    });
    if (decision.kind === 'refuse') return { ok: false, code: decision.code, message: decision.message };
    return { ok: true, target, headers: decision.headers.flat() };
  }

  /** Admission and header decisions: the same gate for plain and upgrade requests. */
  private async gate(req: http.IncomingMessage, ex: Exchange, upgrade: boolean): Promise<{ ok: true; headers: string[]; target: UpstreamTarget } | { ok: false; code: number; message: string }> {
    const admitted = this.admit(req);
    if (!admitted.ok) return admitted;
    ex.identity = admitted.identity;
    return this.prepare(req, admitted.identity, admitted.subprotocols, upgrade);
  }

  /** The request to the cluster: on the keep-alive agent, or on a dedicated connection for upgrades. */
  private upstreamRequest(req: http.IncomingMessage, headers: string[], connection: https.RequestOptions): http.ClientRequest {
    const { server } = this.options.upstream;
    const client = server.protocol === 'https:' ? https : http;
    return client.request({
      ...connection,
      protocol: server.protocol,
      hostname: server.hostname,
      port: server.port,
      method: req.method,
      path: req.url,
      headers,
      setHost: false,
    });
  }

  private async handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const ex = newExchange();
    res.on('close', () => this.record(req, ex));
    const gated = await this.gate(req, ex, false);
    if (!gated.ok) return this.refuse(res, ex, gated.code, gated.message);
    const { upstream } = this.options;
    const upstreamReq = this.upstreamRequest(req, gated.headers, { agent: gated.target.agent });
    upstreamReq.on('response', (upstreamRes) => {
      ex.status = upstreamRes.statusCode ?? 502;
      const headers = pairsFromRaw(upstreamRes.rawHeaders).filter(([name]) => !HOP_BY_HOP_RESPONSE.has(name.toLowerCase()));
      res.writeHead(ex.status, headers.flat());
      // A watch or a followed log may not produce a body chunk for minutes: send the head now.
      // Other responses send it with their first chunk, one TLS record fewer.
      if (isStreaming(req.url ?? '/')) res.flushHeaders();
      upstreamRes.on('data', (chunk: Buffer) => {
        ex.bytes += chunk.length;
      });
      upstreamRes.pipe(res);
      upstreamRes.on('error', () => res.destroy());
    });
    upstreamReq.on('error', (err: Error & { code?: string }) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { code, message } = describeUpstreamError(err, this.options.resource, upstream.server);
      this.refuse(res, ex, code, message);
    });
    // The client going away (Ctrl-C on a watch or logs -f) ends the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  }

  private async handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const ex = newExchange();
    ex.upgrade = String(req.headers.upgrade ?? '');
    socket.on('close', () => this.record(req, ex));
    const gated = await this.gate(req, ex, true);
    if (!gated.ok) return this.refuseRaw(socket, ex, gated.code, gated.message);
    const { upstream } = this.options;
    const upstreamReq = this.upstreamRequest(req, gated.headers, gated.target.connection);
    upstreamReq.on('upgrade', (upstreamRes: http.IncomingMessage, upstreamSocket: Socket, upstreamHead: Buffer) => {
      ex.status = upstreamRes.statusCode ?? 101;
      upstreamSocket.setNoDelay(true);
      upstreamSocket.setTimeout(0);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      socket.write(Buffer.from(rawResponseHead(upstreamRes, pairsFromRaw(upstreamRes.rawHeaders))));
      const tap = this.options.recorder?.start(req, upstreamRes, ex.identity, this.options.resource);
      const protocol = String(upstreamRes.headers['sec-websocket-protocol'] ?? '');
      const session: ChannelSession | null = protocol.endsWith('channel.k8s.io') ? { client: socket, upstream: upstreamSocket, protocol, fromServer: new FrameBoundaryTracker() } : null;
      if (session) {
        this.channelSessions.add(session);
        socket.on('close', () => this.channelSessions.delete(session));
      }
      upstreamSocket.on('data', (chunk: Buffer) => {
        ex.bytes += chunk.length;
        session?.fromServer.push(chunk);
        tap?.fromServer(chunk);
      });
      socket.on('data', (chunk: Buffer) => {
        ex.bytes += chunk.length;
        tap?.fromClient(chunk);
      });
      socket.on('close', () => tap?.end());
      if (upstreamHead.length > 0) {
        ex.bytes += upstreamHead.length;
        session?.fromServer.push(upstreamHead);
        tap?.fromServer(upstreamHead);
        socket.write(upstreamHead);
      }
      if (head.length > 0) {
        tap?.fromClient(head);
        upstreamSocket.write(head);
      }
      socket.pipe(upstreamSocket);
      upstreamSocket.pipe(socket);
    });
    // The cluster declined to switch protocols (403, 400, …): relay its answer and close.
    upstreamReq.on('response', (upstreamRes: http.IncomingMessage) => {
      ex.status = upstreamRes.statusCode ?? 502;
      const headers = pairsFromRaw(upstreamRes.rawHeaders).filter(([name]) => !HOP_BY_HOP_RESPONSE.has(name.toLowerCase()) && name.toLowerCase() !== 'content-length');
      const chunks: Buffer[] = [];
      upstreamRes.on('data', (c: Buffer) => chunks.push(c));
      upstreamRes.on('end', () => {
        const body = Buffer.concat(chunks);
        ex.bytes += body.length;
        headers.push(['Content-Length', String(body.length)], ['Connection', 'close']);
        socket.end(Buffer.concat([Buffer.from(rawResponseHead(upstreamRes, headers)), body]));
      });
      upstreamRes.on('error', () => socket.destroy());
    });
    upstreamReq.on('error', (err: Error & { code?: string }) => {
      if (ex.status !== 0) {
        socket.destroy();
        return;
      }
      const { code, message } = describeUpstreamError(err, this.options.resource, upstream.server);
      this.refuseRaw(socket, ex, code, message);
    });
    upstreamReq.end();
  }

  private refuse(res: http.ServerResponse, ex: Exchange, code: number, message: string): void {
    const r = statusResponse(code, message);
    ex.status = code;
    ex.refused = message;
    ex.bytes = Buffer.byteLength(r.body);
    res.writeHead(r.code, r.headers);
    res.end(r.body);
  }

  private refuseRaw(socket: Duplex, ex: Exchange, code: number, message: string): void {
    const r = statusResponse(code, message);
    ex.status = code;
    ex.refused = message;
    ex.bytes = Buffer.byteLength(r.body);
    const head = [`HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? ''}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
    socket.end(Buffer.from(head + r.body));
  }

  private internalError(res: http.ServerResponse, err: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const r = statusResponse(500, `gatehouse: internal error in resource "${this.options.resource}": ${(err as Error).message}`);
    res.writeHead(r.code, r.headers);
    res.end(r.body);
  }

  private record(req: http.IncomingMessage, ex: Exchange): void {
    const info = requestInfo(req.method ?? 'GET', req.url ?? '/');
    const record: RequestRecord = {
      time: ex.time,
      resource: this.options.resource,
      user: ex.identity?.user ?? '',
      groups: [...(ex.identity?.groups ?? [])],
      verb: info.verb,
      method: req.method ?? '',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      namespace: info.namespace,
      apiResource: info.resource === null ? null : info.subresource ? `${info.resource}/${info.subresource}` : info.resource,
      status: ex.status,
      bytes: ex.bytes,
      durationMs: Math.round((performance.now() - ex.started) * 10) / 10,
    };
    if (ex.upgrade) record.upgrade = ex.upgrade;
    if (ex.refused) record.refused = ex.refused;
    this.options.onRequest?.(record);
  }
}

function isStreaming(url: string): boolean {
  const query = new URL(url, 'http://localhost').searchParams;
  return query.get('watch') === 'true' || query.get('watch') === '1' || query.get('follow') === 'true';
}

function newExchange(): Exchange {
  return { started: performance.now(), time: new Date().toISOString(), identity: null, status: 0, bytes: 0 };
}

function rawResponseHead(res: http.IncomingMessage, headers: HeaderList): string {
  const lines = [`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}
