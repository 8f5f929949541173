// Gatehouse's own answers (refusals and failures), as Kubernetes Status objects, on a response
// object or on a raw socket (upgrade requests and connection-level errors have no response object).
import http from 'node:http';
import { isHttp2Response, type ClientResponse } from './client-messages';
import type { Duplex } from 'node:stream';
import type { Exchange } from './exchange';
import { statusResponse } from './k8s-status';

/** Extra headers of an answer, e.g. WWW-Authenticate on a 401. */
export type AnswerHeaders = Readonly<Record<string, string>>;

/**
 * The connection ends after a 400: for a request Gatehouse could not make sense of, where the next
 * one starts on the connection is nothing to rely on either.
 */
export function answerStatus(res: ClientResponse, ex: Exchange, code: number, message: string, headers: AnswerHeaders = {}): void {
  const r = statusResponse(code, message);
  ex.status = code;
  ex.refused = message;
  ex.bytes = Buffer.byteLength(r.body);
  ex.answered = true;
  // HTTP/2 has no Connection header: a refused stream leaves its connection's other streams alone.
  const closes = code === 400 && !isHttp2Response(res);
  res.writeHead(r.code, { ...headers, ...r.headers, ...(closes ? { connection: 'close' } : {}) });
  res.end(r.body);
}

/** A complete HTTP/1.1 Status response that closes the connection. */
export function rawStatus(code: number, message: string, headers: AnswerHeaders = {}): Buffer {
  const r = statusResponse(code, message);
  const lines = Object.entries({ ...headers, ...r.headers }).map(([k, v]) => `${k}: ${v}`);
  const head = [`HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? ''}`, ...lines, 'Connection: close', '', ''].join('\r\n');
  return Buffer.from(head + r.body);
}

export function answerStatusRaw(socket: Duplex, ex: Exchange, code: number, message: string, headers: AnswerHeaders = {}): void {
  ex.status = code;
  ex.refused = message;
  const body = rawStatus(code, message, headers);
  ex.bytes = body.length;
  ex.answered = true;
  if (socket.writable) socket.end(body);
  else socket.destroy();
}
