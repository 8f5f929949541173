// Gatehouse's own answers (refusals and failures), as Kubernetes Status objects, on a response
// object or on a raw socket (upgrade requests and connection-level errors have no response object).
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Exchange } from './exchange';
import { statusResponse } from './k8s-status';

/**
 * `close`: the connection ends after this answer. For a request Gatehouse could not make sense of
 * (400), where the next one starts on the connection is nothing to rely on either.
 */
export function answerStatus(res: http.ServerResponse, ex: Exchange, code: number, message: string, close = code === 400): void {
  const r = statusResponse(code, message);
  ex.status = code;
  ex.refused = message;
  ex.bytes = Buffer.byteLength(r.body);
  ex.answered = true;
  res.writeHead(r.code, close ? { ...r.headers, connection: 'close' } : r.headers);
  res.end(r.body);
}

/** A complete HTTP/1.1 Status response that closes the connection. */
export function rawStatus(code: number, message: string): Buffer {
  const r = statusResponse(code, message);
  const head = [`HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? ''}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return Buffer.from(head + r.body);
}

export function answerStatusRaw(socket: Duplex, ex: Exchange, code: number, message: string): void {
  ex.status = code;
  ex.refused = message;
  const body = rawStatus(code, message);
  ex.bytes = body.length;
  ex.answered = true;
  if (socket.writable) socket.end(body);
  else socket.destroy();
}
