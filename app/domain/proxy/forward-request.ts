// An admitted ordinary request, relayed to the cluster on the keep-alive agent and its answer
// streamed back — watches and followed logs included, with backpressure both ways (pipe).
//
// The request goes out framed by Gatehouse (body-framing.ts): the exact Content-Length it parsed,
// or chunked, or no body; `strictContentLength` makes Node fail the request rather than write a
// byte more or less than that length onto a connection other clients' requests will share.
import http from 'node:http';
import https from 'node:https';
import { answerStatus } from './answers';
import type { BodyFraming } from './body-framing';
import type { ConnectionGuard } from './connection-guard';
import { noteAuditId, type Exchange } from './exchange';
import { isStreamingTarget, type RequestTarget } from './request-target';
import type { Upstream, UpstreamTarget } from './upstream';
import { describeUpstreamError } from './upstream-errors';
import { relayedResponse } from './upstream-response';

export interface Forward {
  req: http.IncomingMessage;
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
  const headers = f.framing.kind === 'none' && !UNFRAMED_BY_NODE.has(method) ? [...f.headers, 'Content-Length', '0'] : f.headers;
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

export function forwardRequest(f: Forward, res: http.ServerResponse): void {
  const { req, ex, guard } = f;
  const upstreamReq = upstreamRequest(f, { agent: f.credential.agent });
  upstreamReq.on(
    'response',
    guard.wrap('cluster response', (upstreamRes: http.IncomingMessage) => {
      const relay = relayedResponse(upstreamRes);
      if (!relay.ok) {
        // Not reused: whatever else is on that connection cannot be trusted either.
        upstreamRes.socket.destroy();
        answerStatus(res, ex, 502, `gatehouse: resource "${f.resource}": ${relay.message}`);
        return;
      }
      ex.status = relay.status;
      ex.answered = true;
      noteAuditId(ex, upstreamRes.headers['audit-id']);
      res.writeHead(relay.status, relay.headers.flat());
      // A watch or a followed log may not produce a body chunk for minutes: send the head now.
      // Other responses send it with their first chunk, one TLS record fewer.
      if (isStreamingTarget(f.target)) res.flushHeaders();
      upstreamRes.on(
        'data',
        guard.wrap('cluster response body', (chunk: Buffer) => {
          ex.bytes += chunk.length;
        }),
      );
      // A body cut short (the cluster or the network went away mid-response) cannot be completed:
      // the client sees its connection close, never a response that looks whole.
      upstreamRes.on(
        'close',
        guard.wrap('cluster response end', () => {
          if (!upstreamRes.complete) res.destroy();
        }),
      );
      upstreamRes.on('error', () => res.destroy());
      upstreamRes.pipe(res);
    }),
  );
  upstreamReq.on(
    'error',
    guard.wrap('cluster request', (err: Error & { code?: string }) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const { code, message } = describeUpstreamError(err, f.resource, f.upstream);
      answerStatus(res, ex, code, message);
    }),
  );
  // The client going away (Ctrl-C on a watch or logs -f) ends the upstream request too.
  res.on(
    'close',
    guard.wrap('client close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    }),
  );
  req.on('error', () => upstreamReq.destroy());
  if (f.framing.kind === 'none') {
    req.resume();
    upstreamReq.end();
  } else {
    pumpBody(req, upstreamReq, guard);
  }
}

/**
 * req.pipe(upstreamReq), but with each write under the connection's guard: with
 * strictContentLength, Node throws from write() and end() on a length mismatch, and inside pipe
 * that exception would escape into the event loop.
 */
function pumpBody(req: http.IncomingMessage, upstreamReq: http.ClientRequest, guard: ConnectionGuard): void {
  upstreamReq.on('drain', () => req.resume());
  req.on(
    'data',
    guard.wrap('request body', (chunk: Buffer) => {
      if (!upstreamReq.write(chunk)) req.pause();
    }),
  );
  req.on(
    'end',
    guard.wrap('request body end', () => {
      upstreamReq.end();
    }),
  );
}
