// The header list Gatehouse decided for the cluster (headers.ts: built, not filtered, framing
// included) as an HTTP/2 request head. Pure, so every rule is a row of a table test.
//
// HTTP/2 carries what HTTP/1.1 says in its request line and its connection-specific headers in
// its own ways (RFC 9113 §8.2.2, §8.3.1): the method, scheme, authority and path are
// pseudo-headers; the body is delimited by DATA frames and END_STREAM; connection management is the
// session's. Everything else goes as it is, its name in lowercase (HTTP/2 requires it).
//
// A list HTTP/2 cannot say as Gatehouse means it is not refused: the request goes on HTTP/1.1, as
// it did before there was an HTTP/2 path, so no request that works today stops working.
import http2 from 'node:http2';

export type H2UpstreamHead = { kind: 'h2'; headers: http2.OutgoingHttpHeaders } | { kind: 'http1'; reason: string };

/**
 * Node refuses to send these more than once (ERR_HTTP2_HEADER_SINGLE_VALUE, Node 20's list): two
 * of them in a list that HTTP/1.1 relays as received would throw on HTTP/2.
 */
export const NODE_SINGLE_VALUE = new Set([
  'access-control-allow-credentials',
  'access-control-max-age',
  'access-control-request-method',
  'age',
  'authorization',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'date',
  'dnt',
  'etag',
  'expires',
  'from',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'range',
  'referer',
  'retry-after',
  'tk',
  'upgrade-insecure-requests',
  'user-agent',
  'x-content-type-options',
]);

/** HTTP/1.1 connection management, which an HTTP/2 session does itself: dropped. */
const CONNECTION_MANAGEMENT = new Set(['connection', 'keep-alive', 'proxy-connection', 'http2-settings']);

/**
 * `method` and `path` as received (the path is the request target that goes upstream); `flat` the
 * name/value list upstreamHeaders decided, Host and framing header included.
 */
export function h2UpstreamHead(method: string, path: string, flat: readonly string[]): H2UpstreamHead {
  const headers: http2.OutgoingHttpHeaders = { ':method': method, ':scheme': 'https', ':path': path };
  let authority: string | null = null;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = (flat[i] ?? '').toLowerCase();
    const value = flat[i + 1] ?? '';
    // Pseudo-headers are Gatehouse's own, from the method and target it admitted. (An HTTP/2
    // listener's compat request lists the client's in rawHeaders: they describe the client's hop.)
    if (name.startsWith(':')) continue;
    if (CONNECTION_MANAGEMENT.has(name)) continue;
    if (name === 'host') {
      if (authority !== null) return { kind: 'http1', reason: 'more than one Host' };
      authority = value;
      continue;
    }
    if (name === 'transfer-encoding') {
      // The one framing headers.ts sends besides Content-Length: DATA frames delimit the body.
      if (value.trim().toLowerCase() === 'chunked') continue;
      return { kind: 'http1', reason: `Transfer-Encoding "${value.slice(0, 40)}"` };
    }
    if (name === 'upgrade') {
      // An upgrade (exec, attach, port-forward) switches the connection's protocol: HTTP/1.1 only.
      return { kind: 'http1', reason: 'an upgrade' };
    }
    if (name === 'te') {
      // The only TE HTTP/2 allows (§8.2.2); any other coding is hop-by-hop and dropped.
      if (value.trim().toLowerCase() === 'trailers') headers.te = 'trailers';
      continue;
    }
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = value;
    } else if (NODE_SINGLE_VALUE.has(name)) {
      return { kind: 'http1', reason: `more than one ${name}` };
    } else {
      headers[name] = Array.isArray(existing) ? [...existing, value] : [String(existing), value];
    }
  }
  if (authority === null) return { kind: 'http1', reason: 'no Host' };
  headers[':authority'] = authority;
  // Never entered into the HPACK table (RFC 7541 §7.1.3): the leased credential is not compressed
  // against header values the person chose (user agent, path-like headers) on a shared session.
  if (headers.authorization !== undefined) Object.assign(headers, { [http2.sensitiveHeaders]: ['authorization'] });
  return { kind: 'h2', headers };
}
