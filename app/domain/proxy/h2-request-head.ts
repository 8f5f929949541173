// An HTTP/2 request head, said the way the rest of the proxy reads heads: HTTP/1.1's (SPEC §9).
// Admission, the header decision and the body framing were written for HTTP/1.1 and are tested as
// such; rather than teach each of them HTTP/2, the listener translates here, once, and refuses what
// has no faithful translation. nghttp2 has already refused connection-specific headers
// (Connection, Transfer-Encoding, Upgrade, Keep-Alive), uppercase names, pseudo-headers after
// regular ones and a DATA length that disagrees with Content-Length; what is left is decided here:
// - the pseudo-headers: only the four of a request (RFC 9113 §8.3.1), each once; `:protocol`
//   (extended CONNECT, RFC 8441) is not offered by the listener, so a client sending it is refused;
// - `:scheme` must be https: the listener is TLS, another scheme names another origin;
// - `:authority` is HTTP/1.1's Host. A client may send Host too; if the two disagree the request
//   names two origins and is refused, so the Host check and the cluster can never see different ones;
// - the size: nghttp2 advertises SETTINGS_MAX_HEADER_LIST_SIZE but does not hold a client to it, so
//   the listener's header limit is applied here, counted as that setting counts (RFC 9113 §6.5.2);
// - the body: HTTP/2 delimits it by END_STREAM, never by Transfer-Encoding. A request with a body
//   but no Content-Length is what HTTP/1.1 calls chunked, and is framed so upstream.
export type H2HeadDecision = { ok: true; host: string; headers: Array<[string, string]> } | { ok: false; code: 400 | 431; message: string };

const REQUEST_PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path']);

/**
 * `raw` is Node's flat rawHeaders of an HTTP/2 request (pseudo-headers included); `hasBody` is
 * false when the HEADERS frame ended the stream.
 */
export function h2RequestHead(raw: readonly string[], hasBody: boolean, maxHeaderBytes: number): H2HeadDecision {
  let size = 0;
  for (const field of raw) size += Buffer.byteLength(field);
  size += 16 * raw.length; // 32 octets per name/value pair
  if (size > maxHeaderBytes) return { ok: false, code: 431, message: `gatehouse: request headers (${size} bytes as HTTP/2 counts them) exceed the limit of ${maxHeaderBytes}` };
  const pseudo = new Map<string, string>();
  const headers: Array<[string, string]> = [];
  let host: string | undefined;
  let contentLength = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const value = raw[i + 1] ?? '';
    if (name.startsWith(':')) {
      if (!REQUEST_PSEUDO_HEADERS.has(name)) return { ok: false, code: 400, message: `gatehouse: HTTP/2 pseudo-header "${name.slice(0, 40)}" is not supported in a request` };
      if (pseudo.has(name)) return { ok: false, code: 400, message: `gatehouse: HTTP/2 pseudo-header "${name}" appears more than once` };
      pseudo.set(name, value);
      continue;
    }
    const lower = name.toLowerCase();
    if (lower === 'host') {
      if (host !== undefined && host !== value) return { ok: false, code: 400, message: 'gatehouse: request has more than one Host' };
      host = value;
      continue; // said once, below, as the authority
    }
    if (lower === 'content-length') contentLength = true;
    headers.push([name, value]);
  }
  for (const required of [':method', ':path']) {
    if (!pseudo.has(required)) return { ok: false, code: 400, message: `gatehouse: HTTP/2 request has no ${required}` };
  }
  const scheme = pseudo.get(':scheme');
  if (scheme !== 'https') return { ok: false, code: 400, message: `gatehouse: HTTP/2 request :scheme "${String(scheme ?? '').slice(0, 40)}" is not https` };
  const authority = pseudo.get(':authority');
  if (authority !== undefined && host !== undefined && authority.toLowerCase() !== host.toLowerCase()) {
    return { ok: false, code: 400, message: 'gatehouse: HTTP/2 request :authority and Host name different origins' };
  }
  const origin = authority ?? host;
  if (origin === undefined || origin === '') return { ok: false, code: 400, message: 'gatehouse: HTTP/2 request has neither :authority nor Host' };
  const out: Array<[string, string]> = [['Host', origin], ...headers];
  if (hasBody && !contentLength) out.push(['Transfer-Encoding', 'chunked']);
  return { ok: true, host: origin, headers: out };
}
