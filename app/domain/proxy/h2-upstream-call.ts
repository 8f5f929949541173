// One ordinary request to the cluster as a stream of a pooled HTTP/2 session, in the shape the relay
// (forward-request.ts) reads both protocols in: the answer's head and body, whether the body came
// whole, and how to give up on it.
//
// A stream the server refused without processing it — REFUSED_STREAM, which is also what a stream
// above a GOAWAY's last stream id becomes (RFC 9113 §8.7) — is sent once more on another session,
// as Go's transport does, when it has no body (a body is streamed through, not kept). The API
// server's --goaway-chance sends GOAWAY to rebalance clients, so this race is ordinary.
import http2 from 'node:http2';
import type { CallEvents, UpstreamAnswer, UpstreamCall } from './forward-request';
import type { H2Lease, H2SessionPool } from './h2-session-pool';

export type H2CallStart = { kind: 'call'; call: UpstreamCall } | { kind: 'session-gone'; error: Error };

/** Errors of session.request when the session can take no new stream (since the lease was given). */
const SESSION_GONE = new Set(['ERR_HTTP2_GOAWAY_SESSION', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_OUT_OF_STREAMS']);

/** The answer's header list without its pseudo-headers (`:status`), in the order the server sent. */
export function headerListOf(headers: http2.IncomingHttpHeaders, raw: unknown): string[] {
  const out: string[] = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = String(raw[i]);
      if (!name.startsWith(':')) out.push(name, String(raw[i + 1]));
    }
    return out;
  }
  // Node before 20.x's rawHeaders argument: the parsed object (repeated fields as arrays).
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, String(v));
  }
  return out;
}

/**
 * Opens the request on `lease` (listeners attached before any event can arrive) and reports to
 * `events`. `session-gone`: the session took GOAWAY or closed since the lease was given; nothing
 * was sent, and the caller asks the pool again.
 */
export function startHttp2Call(
  pool: H2SessionPool,
  lease: H2Lease,
  headers: http2.OutgoingHttpHeaders,
  hasBody: boolean,
  events: CallEvents,
): H2CallStart {
  let current: http2.ClientHttp2Stream;
  let answered = false;
  let retried = false;
  let cancelled = false;

  const open = (l: H2Lease): http2.ClientHttp2Stream => {
    const stream = l.request(headers, { endStream: !hasBody });
    stream.on(
      'response',
      (head: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader, _flags: number, raw: unknown) => {
        answered = true;
        const answer: UpstreamAnswer = {
          statusCode: head[':status'],
          rawHeaders: headerListOf(head, raw),
          auditId: head['audit-id'],
          body: stream,
          // END_STREAM arrived (not RST_STREAM or the session going away mid-body).
          complete: () => stream.readableEnded,
          discard: () => cancel(stream),
        };
        events.answer(answer);
      },
    );
    stream.on('error', (err: Error & { code?: string }) => {
      if (
        !answered &&
        !hasBody &&
        !retried &&
        !cancelled &&
        stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM
      ) {
        retried = true;
        reopen(err);
        return;
      }
      events.error(err);
    });
    return stream;
  };

  const reopen = (refusal: Error): void => {
    pool.acquire().then(
      (l) => {
        if (cancelled) {
          l?.release();
          return;
        }
        if (l === null) {
          events.error(refusal);
          return;
        }
        try {
          current = open(l);
        } catch (err) {
          events.error(err as Error);
        }
      },
      (err: Error) => events.error(err),
    );
  };

  try {
    current = open(lease);
  } catch (err) {
    const error = err as Error & { code?: string };
    if (error.code !== undefined && SESSION_GONE.has(error.code)) return { kind: 'session-gone', error };
    throw err;
  }
  return {
    kind: 'call',
    call: {
      body: hasBody ? current : null,
      cancel: () => {
        cancelled = true;
        cancel(current);
      },
    },
  };
}

/** RST_STREAM(CANCEL): the server stops (a watch is freed at once), the pool gets the stream back. */
function cancel(stream: http2.ClientHttp2Stream): void {
  if (!stream.closed && !stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
}
