// The HTTP/2 → HTTP/1.1 head translation as a table: Node's rawHeaders of an HTTP/2 request (and
// whether a body follows) → the head the rest of the proxy sees, or the refusal.
import { describe, expect, it } from 'vitest';
import { bodyFraming } from './body-framing';
import { h2RequestHead } from './h2-request-head';

const GET = [':method', 'GET', ':scheme', 'https', ':authority', '127.0.0.1:16443', ':path', '/api/v1/pods'];

interface Case {
  name: string;
  raw: string[];
  hasBody?: boolean;
  head?: { host: string; headers: Array<[string, string]> };
  refused?: string;
}

const cases: Case[] = [
  {
    name: ':authority becomes Host, first; regular headers follow in order and case',
    raw: [...GET, 'accept', 'application/json', 'user-agent', 'kubectl/v1.33', 'authorization', 'Bearer LOCAL'],
    head: { host: '127.0.0.1:16443', headers: [['Host', '127.0.0.1:16443'], ['accept', 'application/json'], ['user-agent', 'kubectl/v1.33'], ['authorization', 'Bearer LOCAL']] },
  },
  {
    name: 'a Host that agrees with :authority (any case) is said once',
    raw: [...GET, 'host', '127.0.0.1:16443'],
    head: { host: '127.0.0.1:16443', headers: [['Host', '127.0.0.1:16443']] },
  },
  {
    name: 'Host alone (a client translating from HTTP/1.1) is the authority',
    raw: [':method', 'GET', ':scheme', 'https', ':path', '/version', 'host', 'localhost:16443'],
    head: { host: 'localhost:16443', headers: [['Host', 'localhost:16443']] },
  },
  { name: ':authority and Host naming different origins', raw: [...GET, 'host', 'evil.example:443'], refused: 'different origins' },
  { name: 'two different Host headers', raw: [':method', 'GET', ':scheme', 'https', ':path', '/', 'host', 'a', 'host', 'b'], refused: 'more than one Host' },
  { name: 'neither :authority nor Host', raw: [':method', 'GET', ':scheme', 'https', ':path', '/'], refused: 'neither :authority nor Host' },
  { name: 'an empty :authority', raw: [':method', 'GET', ':scheme', 'https', ':authority', '', ':path', '/'], refused: 'neither :authority nor Host' },
  { name: ':scheme http on a TLS listener', raw: [':method', 'GET', ':scheme', 'http', ':authority', 'localhost', ':path', '/'], refused: ':scheme "http" is not https' },
  { name: 'no :scheme', raw: [':method', 'GET', ':authority', 'localhost', ':path', '/'], refused: ':scheme "" is not https' },
  { name: 'extended CONNECT (:protocol) is not offered', raw: [...GET, ':protocol', 'websocket'], refused: '":protocol" is not supported' },
  { name: 'a response pseudo-header in a request', raw: [...GET, ':status', '200'], refused: '":status" is not supported' },
  { name: 'a repeated pseudo-header', raw: [...GET, ':path', '/other'], refused: '":path" appears more than once' },
  { name: 'no :path', raw: [':method', 'GET', ':scheme', 'https', ':authority', 'localhost'], refused: 'has no :path' },
  { name: 'no :method', raw: [':scheme', 'https', ':authority', 'localhost', ':path', '/'], refused: 'has no :method' },
  {
    name: 'a body with Content-Length keeps its length (nghttp2 holds DATA to it)',
    raw: [...GET, 'content-length', '12'],
    hasBody: true,
    head: { host: '127.0.0.1:16443', headers: [['Host', '127.0.0.1:16443'], ['content-length', '12']] },
  },
  {
    name: 'a body without Content-Length is delimited by END_STREAM: chunked upstream',
    raw: [...GET],
    hasBody: true,
    head: { host: '127.0.0.1:16443', headers: [['Host', '127.0.0.1:16443'], ['Transfer-Encoding', 'chunked']] },
  },
];

describe('h2RequestHead', () => {
  it.each(cases)('$name', ({ raw, hasBody, head, refused }) => {
    const decision = h2RequestHead(raw, hasBody ?? false, 32 * 1024);
    if (refused !== undefined) {
      expect(decision.ok).toBe(false);
      if (!decision.ok) expect(decision.message).toContain(refused);
    } else {
      expect(decision).toEqual({ ok: true, ...head });
    }
  });

  it('headers beyond the limit, counted as SETTINGS_MAX_HEADER_LIST_SIZE counts them (32 octets per pair) → 431', () => {
    // GET's four pseudo-headers: 7+3 + 7+5 + 10+15 + 5+12 = 64 octets, plus 4 × 32.
    expect(h2RequestHead(GET, false, 192)).toMatchObject({ ok: true });
    expect(h2RequestHead(GET, false, 191)).toMatchObject({ ok: false, code: 431 });
    expect(h2RequestHead([...GET, 'x-big', 'a'.repeat(40_000)], false, 32 * 1024)).toMatchObject({ ok: false, code: 431, message: expect.stringContaining('exceed the limit of 32768') });
  });

  it('the translated head frames the body as HTTP/1.1 would', () => {
    const frame = (raw: string[], hasBody: boolean) => {
      const decision = h2RequestHead(raw, hasBody, 32 * 1024);
      if (!decision.ok) throw new Error(decision.message);
      return bodyFraming(decision.headers, false);
    };
    expect(frame(GET, false)).toEqual({ ok: true, framing: { kind: 'none' } });
    expect(frame(GET, true)).toEqual({ ok: true, framing: { kind: 'chunked' } });
    expect(frame([...GET, 'content-length', '5'], true)).toEqual({ ok: true, framing: { kind: 'length', length: 5 } });
  });
});
