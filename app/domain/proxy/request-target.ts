// The request target, parsed once at admission (SPEC §9). Only origin-form (`/path?query`, RFC 9112
// §3.2.1) is a Kubernetes API request. Everything Node's parser lets through that is not —
// absolute-form (`http://host/…`), authority-form, `*`, `//host/…`, backslashes, fragments, bad
// percent-encoding, dot segments — is refused here with 400, so no later step (URL parsing for the
// log, the recorder, the gateway's resource prefix) can see a target that means two things.

export interface RequestTarget {
  /** The target exactly as received; it is what goes upstream. */
  raw: string;
  /** The path, still percent-encoded. */
  path: string;
  query: URLSearchParams;
}

/** A refusal's message names the target and says why (callers add whose refusal it is). */
export type TargetDecision = { ok: true; target: RequestTarget } | { ok: false; message: string };

/** Longest target accepted; the API server's own limit on the request line is of this order. */
export const MAX_TARGET_LENGTH = 8192;

// RFC 3986 pchar (unreserved / pct-encoded / sub-delims / ":" / "@") plus "/" in the path, and "?"
// in the query. Go's url package escapes everything else, so client-go never sends it.
const PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

function refuse(raw: string, why: string): TargetDecision {
  const shown = raw.length > 120 ? `${raw.slice(0, 120)}…` : raw;
  return { ok: false, message: `request target ${JSON.stringify(shown)} ${why}` };
}

/**
 * A path segment that is "." or "..", literally or percent-encoded — also behind an encoded slash
 * or backslash (`..%2fprod`, `x%5C..`), which a server that decodes before it routes reads as one.
 */
function hasDotSegment(segment: string): boolean {
  return segment.split(/%2f|%5c/i).some((part) => {
    const decoded = part.replace(/%2e/gi, '.');
    return decoded === '.' || decoded === '..';
  });
}

export function parseRequestTarget(raw: string | undefined): TargetDecision {
  if (raw === undefined || raw === '') return refuse('', 'is empty');
  if (raw.length > MAX_TARGET_LENGTH) return refuse(raw, `is longer than ${MAX_TARGET_LENGTH} bytes`);
  if (!raw.startsWith('/')) return refuse(raw, 'is not a path: only origin-form targets (/path?query) are accepted');
  if (raw.startsWith('//')) return refuse(raw, 'starts with "//", which would name a host');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q + 1);
  if (!PATH.test(path)) return refuse(raw, 'has a character in its path that must be percent-encoded');
  if (!QUERY.test(query)) return refuse(raw, 'has a character in its query that must be percent-encoded');
  if (BAD_PERCENT.test(raw)) return refuse(raw, 'has a "%" that does not start a percent-encoded byte');
  if (path.split('/').some(hasDotSegment)) return refuse(raw, 'has a "." or ".." path segment');
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
    // Decoding must succeed too: a lone surrogate or invalid UTF-8 in %-escapes is not a name.
    decodeURIComponent(path);
  } catch {
    return refuse(raw, 'does not decode as UTF-8');
  }
  return { ok: true, target: { raw, path, query: params } };
}

/** A watch or a followed log: the response head must go out before the first body byte. */
export function isStreamingTarget(target: RequestTarget): boolean {
  const watch = target.query.get('watch');
  return watch === 'true' || watch === '1' || target.query.get('follow') === 'true';
}
