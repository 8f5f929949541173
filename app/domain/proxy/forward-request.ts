// An admitted ordinary request, relayed to the cluster and its answer streamed back — watches and
// followed logs included, with backpressure both ways (pipe). It goes as a stream of a pooled
// HTTP/2 session when the upstream offers one (h2-session-pool.ts; the upstream's `http2` option
// says for which requests), else on the HTTP/1.1 keep-alive agent; the relay is one for both.
//
// The request goes out framed by Gatehouse (body-framing.ts): the exact Content-Length it parsed,
// or chunked, or no body; `strictContentLength` makes Node fail the request rather than write a
// byte more or less than that length onto a connection other clients' requests will share.
import http from 'node:http';
import https from 'node:https';
import type { Readable, Writable } from 'node:stream';
import { answerStatus } from './answers';
import type { BodyFraming } from './body-framing';
import { abortResponse, type ClientRequest, type ClientResponse } from './client-messages';
import type { ConnectionGuard } from './connection-guard';
import { noteAuditId, type Exchange } from './exchange';
import type { H2Lease, H2SessionPool } from './h2-session-pool';
import { startHttp2Call, type H2CallStart } from './h2-upstream-call';
import { h2UpstreamHead } from './h2-upstream-head';
import { isStreamingTarget, type RequestTarget } from './request-target';
import type { Upstream, UpstreamTarget } from './upstream';
import { describeUpstreamError } from './upstream-errors';
import { relayedResponse, type UpstreamHead } from './upstream-response';

export interface Forward {
  req: ClientRequest;
  ex: Exchange;
  guard: ConnectionGuard;
  resource: string;
  upstream: Upstream;
  credential: UpstreamTarget;
  /** Flat name/value list, as decided by upstreamHeaders. */
  headers: string[];
  framing: BodyFraming;
  target: RequestTarget;
}

/** Methods Node sends without framing when there is no body; any other it frames as chunked. */
const UNFRAMED_BY_NODE = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/** The request to the cluster: on the keep-alive agent, or on a dedicated connection for upgrades. */
export function upstreamRequest(f: Forward, connection: https.RequestOptions): http.ClientRequest {
  const { server } = f.upstream;
  const method = f.req.method ?? 'GET';
  // No body is said as `Content-Length: 0` where Node would otherwise send a bodiless POST (SPDY
  // exec and port-forward upgrades) as `Transfer-Encoding: chunked` with an empty chunk: a
  // Gatehouse gateway as the next hop rightly refuses a body on an upgrade (body-framing.ts).
  const headers =
    f.framing.kind === 'none' && !UNFRAMED_BY_NODE.has(method) ? [...f.headers, 'Content-Length', '0'] : f.headers;
  const client = server.protocol === 'https:' ? https : http;
  const request = client.request({
    ...connection,
    protocol: server.protocol,
    hostname: server.hostname,
    port: server.port,
    method,
    // The gateway's /k8s/<resource> before what the client asked of the cluster (gateway-upstream.ts).
    path: `${f.upstream.pathPrefix ?? ''}${f.target.raw}`,
    headers,
    setHost: false,
  });
  // An OutgoingMessage property (Node ≥ 18.10); @types/node declares it on ServerResponse only.
  (request as http.ClientRequest & { strictContentLength: boolean }).strictContentLength = true;
  return request;
}

/** What the relay reads of the cluster's answer, over either protocol. */
export interface UpstreamAnswer extends UpstreamHead {
  auditId: string | string[] | undefined;
  body: Readable;
  /** The body came whole; false when the server or the network cut it short. */
  complete(): boolean;
  /** The answer is unusable: drop it (HTTP/1.1: with its connection, which cannot be trusted either). */
  discard(): void;
}

/** How a call reports: one answer, or an error (also after the answer, when its body fails). */
export interface CallEvents {
  answer(answer: UpstreamAnswer): void;
  error(err: Error & { code?: string }): void;
}

/** A request under way to the cluster. */
export interface UpstreamCall {
  /** Where the request body goes; null when there is none (the request has been ended). */
  body: Writable | null;
  /** The client went away: the request ends upstream too (HTTP/2: RST_STREAM, the stream is freed). */
  cancel(): void;
}

export function forwardRequest(f: Forward, res: ClientResponse): void {
  const relay = new Relay(f, res);
  const http2 = f.credential.http2;
  if (http2 && (http2.use === 'all' || isStreamingTarget(f.target)) && http2.pool.speaksH2 !== false) {
    f.guard.watch('cluster request', forwardPreferringHttp2(f, relay, http2.pool));
    return;
  }
  relay.attach(http1Call(f, relay));
}

/** Over a pooled HTTP/2 stream; on the HTTP/1.1 agent when the server or the head needs it. */
async function forwardPreferringHttp2(f: Forward, relay: Relay, pool: H2SessionPool): Promise<void> {
  const head = h2UpstreamHead(f.req.method ?? 'GET', `${f.upstream.pathPrefix ?? ''}${f.target.raw}`, f.headers);
  if (head.kind === 'http1') {
    relay.attach(http1Call(f, relay));
    return;
  }
  // A session may take GOAWAY between the lease and the stream; another lease then, a few times.
  for (let attempt = 1; ; attempt += 1) {
    let lease: H2Lease | null;
    try {
      lease = await pool.acquire();
    } catch (err) {
      relay.error(err as Error);
      return;
    }
    if (lease === null) {
      relay.attach(http1Call(f, relay));
      return;
    }
    if (relay.clientGone) {
      lease.release();
      return;
    }
    let started: H2CallStart;
    try {
      started = startHttp2Call(pool, lease, head.headers, f.framing.kind !== 'none', relay);
    } catch (err) {
      relay.error(err as Error);
      return;
    }
    if (started.kind === 'call') {
      relay.attach(started.call);
      return;
    }
    if (attempt >= 3) {
      relay.error(started.error);
      return;
    }
  }
}

/** The request on the keep-alive agent. */
function http1Call(f: Forward, events: CallEvents): UpstreamCall {
  const upstreamReq = upstreamRequest(f, { agent: f.credential.agent });
  upstreamReq.on('response', (upstreamRes: http.IncomingMessage) =>
    events.answer({
      statusCode: upstreamRes.statusCode,
      rawHeaders: upstreamRes.rawHeaders,
      auditId: upstreamRes.headers['audit-id'],
      body: upstreamRes,
      complete: () => upstreamRes.complete,
      discard: () => upstreamRes.socket.destroy(),
    }),
  );
  upstreamReq.on('error', (err: Error) => events.error(err));
  if (f.framing.kind === 'none') {
    upstreamReq.end();
    return { body: null, cancel: () => upstreamReq.destroy() };
  }
  return { body: upstreamReq, cancel: () => upstreamReq.destroy() };
}

/** The client's side of one forwarded request: the answer relayed, errors said, both ends closed together. */
class Relay implements CallEvents {
  private call: UpstreamCall | null = null;
  /** The client went away before the call started. */
  clientGone = false;
  /** Gatehouse answered itself (a Status): what the call says after that changes nothing. */
  private settled = false;

  constructor(
    private readonly f: Forward,
    private readonly res: ClientResponse,
  ) {
    // The client going away (Ctrl-C on a watch or logs -f) ends the upstream request too.
    res.on(
      'close',
      f.guard.wrap('client close', () => {
        if (res.writableFinished) return;
        if (this.call) this.call.cancel();
        else this.clientGone = true;
      }),
    );
    f.req.on('error', () => this.call?.cancel());
  }

  attach(call: UpstreamCall): void {
    this.call = call;
    if (this.clientGone) {
      call.cancel();
      return;
    }
    if (call.body === null) this.f.req.resume();
    else pumpBody(this.f, call);
  }

  readonly answer = (answer: UpstreamAnswer): void =>
    this.f.guard.wrap('cluster response', () => this.relayAnswer(answer))();

  readonly error = (err: Error & { code?: string }): void =>
    this.f.guard.wrap('cluster request', () => {
      if (this.settled) return;
      if (this.res.headersSent) {
        abortResponse(this.res);
        return;
      }
      this.settled = true;
      const { code, message } = describeUpstreamError(err, this.f.resource, this.f.upstream);
      answerStatus(this.res, this.f.ex, code, message);
    })();

  private relayAnswer(answer: UpstreamAnswer): void {
    const { f, res } = this;
    const { ex, guard } = f;
    const relay = relayedResponse(answer);
    if (!relay.ok) {
      this.settled = true;
      answer.discard();
      answerStatus(res, ex, 502, `gatehouse: resource "${f.resource}": ${relay.message}`);
      return;
    }
    ex.status = relay.status;
    ex.answered = true;
    noteAuditId(ex, answer.auditId);
    res.writeHead(relay.status, relay.headers.flat());
    // A watch or a followed log may not produce a body chunk for minutes: send the head now.
    // Other responses send it with their first chunk, one TLS record fewer.
    if (isStreamingTarget(f.target)) res.flushHeaders();
    const body = answer.body;
    body.on(
      'data',
      guard.wrap('cluster response body', (chunk: Buffer) => {
        ex.bytes += chunk.length;
      }),
    );
    // A body cut short (the cluster or the network went away mid-response) cannot be completed:
    // the client sees its connection close, never a response that looks whole.
    body.on(
      'close',
      guard.wrap('cluster response end', () => {
        if (!answer.complete()) abortResponse(res);
      }),
    );
    body.on('error', () => abortResponse(res));
    body.pipe(res);
  }
}

/**
 * req.pipe(call.body), but with each write under the connection's guard, and the body's length
 * held to the framing Gatehouse decided: with strictContentLength, Node throws from write() and
 * end() on a length mismatch (HTTP/1.1), and HTTP/2 has no such check of its own, so it is counted
 * here. Inside pipe such an exception would escape into the event loop.
 */
function pumpBody(f: Forward, call: UpstreamCall): void {
  const { req, guard, framing } = f;
  const sink = call.body;
  if (sink === null) return;
  let sent = 0;
  const mismatch = (what: string): Error => {
    call.cancel();
    return new Error(`the request body is ${what} than its Content-Length`);
  };
  sink.on('drain', () => req.resume());
  req.on(
    'data',
    guard.wrap('request body', (chunk: Buffer) => {
      sent += chunk.length;
      if (framing.kind === 'length' && sent > framing.length) throw mismatch('longer');
      if (!sink.write(chunk)) req.pause();
    }),
  );
  req.on(
    'end',
    guard.wrap('request body end', () => {
      if (framing.kind === 'length' && sent !== framing.length) throw mismatch('shorter');
      sink.end();
    }),
  );
}
