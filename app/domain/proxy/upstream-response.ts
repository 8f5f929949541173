// What Gatehouse relays of the cluster's answer. The cluster is trusted with content, not with
// framing of our connection to the client: hop-by-hop headers (and any it names in Connection)
// describe its hop and are dropped, Node frames the body for ours. A status Node's parser let
// through that no HTTP response can have (e.g. "000") is the upstream answering nonsense: 502.
import type http from 'node:http';
import { pairsFromRaw, type HeaderList } from './headers';

const HOP_BY_HOP_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'trailer']);

export type RelayDecision = { ok: true; status: number; headers: Array<[string, string]> } | { ok: false; message: string };

/** Final response codes; 1xx are interim and handled by Node before a response is emitted. */
export function isFinalStatus(code: number | undefined): code is number {
  return code !== undefined && Number.isInteger(code) && code >= 200 && code <= 599;
}

function connectionTokens(headers: HeaderList): Set<string> {
  return new Set(
    headers
      .filter(([n]) => n.toLowerCase() === 'connection')
      .flatMap(([, v]) => v.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '' && t !== 'content-length'),
  );
}

/**
 * What the decision reads of an answer: an HTTP/1.1 IncomingMessage, or an HTTP/2 stream's
 * `:status` and header list without its pseudo-headers (h2-upstream-call.ts).
 */
export type UpstreamHead = Pick<http.IncomingMessage, 'statusCode' | 'rawHeaders'>;

/** The status and end-to-end headers to relay; `withLength` false when Gatehouse re-frames the body itself. */
export function relayedResponse(res: UpstreamHead, withLength = true): RelayDecision {
  if (!isFinalStatus(res.statusCode)) {
    return { ok: false, message: `the cluster answered with an invalid status code ${String(res.statusCode)}` };
  }
  const all = pairsFromRaw(res.rawHeaders);
  const named = connectionTokens(all);
  const headers = all.filter(([name]) => {
    const lower = name.toLowerCase();
    if (!withLength && lower === 'content-length') return false;
    return !HOP_BY_HOP_RESPONSE.has(lower) && !named.has(lower);
  });
  return { ok: true, status: res.statusCode, headers };
}

/** An HTTP/1.1 response head for a raw socket (upgrade answers). */
export function rawResponseHead(status: number, statusMessage: string | undefined, headers: HeaderList): Buffer {
  const lines = [`HTTP/1.1 ${status} ${(statusMessage ?? '').replace(/[\r\n]/g, '')}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
