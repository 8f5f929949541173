// A client's request, and Gatehouse's response to it, on a listener that speaks HTTP/1.1 and
// HTTP/2 (server.ts). Node's HTTP/2 compatibility API gives both the same shape for everything the
// proxy does with them — headers, the body as a stream, writeHead with a flat header list,
// flushHeaders — so the code after the listener is written once for both. These are that shape.
import type http from 'node:http';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

export interface ClientRequest extends Readable {
  readonly headers: http.IncomingHttpHeaders;
  /** HTTP/2: the pseudo-headers come first (see h2-request-head.ts). */
  readonly rawHeaders: string[];
  readonly method?: string;
  readonly url?: string;
  readonly httpVersionMajor: number;
  /** HTTP/2: the session's TLS socket (its address; never to be written or ended). */
  readonly socket: Socket;
}

export interface ClientResponse extends Writable {
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers?: http.OutgoingHttpHeaders | string[]): this;
  /** Sends the head now rather than with the first body chunk. */
  flushHeaders(): void;
  /** HTTP/2 only: the response's stream. */
  readonly stream?: http2.ServerHttp2Stream;
}

/**
 * An HTTP/2 response as a ClientResponse. Node's Http2ServerResponse has both flushHeaders() and
 * writeHead with a flat header list (Node 15+); @types/node does not declare them.
 */
export function h2Response(res: http2.Http2ServerResponse): ClientResponse {
  return res as unknown as ClientResponse;
}

/** The response is one stream of an HTTP/2 connection (its connection is not the response's to end). */
export function isHttp2Response(res: ClientResponse): boolean {
  return res.stream !== undefined;
}

/**
 * Ends a response that cannot be completed (its body was cut short upstream) so that the client
 * cannot take it for whole. HTTP/1.1: the connection closes before the body's end. HTTP/2: the
 * stream is reset with INTERNAL_ERROR; a plain destroy() would end it with END_STREAM, which reads
 * as a complete body. The connection's other streams go on.
 */
export function abortResponse(res: ClientResponse): void {
  const { stream } = res;
  if (stream === undefined) {
    res.destroy();
    return;
  }
  if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
}
