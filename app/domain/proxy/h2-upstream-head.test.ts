import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import { h2UpstreamHead, NODE_SINGLE_VALUE } from './h2-upstream-head';

const BASE = ['Host', '10.0.0.1:6443'];

/** The head's regular headers, pseudo-headers apart. */
function regular(headers: http2.OutgoingHttpHeaders): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([n]) => !n.startsWith(':')));
}

describe('the HTTP/2 head of a request for the cluster', () => {
  it('says method, scheme, path and Host as pseudo-headers', () => {
    const head = h2UpstreamHead('PATCH', '/api/v1/namespaces/a/pods/p?fieldManager=x', [
      ...BASE,
      'Accept',
      'application/json',
    ]);
    expect(head).toEqual({
      kind: 'h2',
      headers: {
        ':method': 'PATCH',
        ':scheme': 'https',
        ':path': '/api/v1/namespaces/a/pods/p?fieldManager=x',
        ':authority': '10.0.0.1:6443',
        accept: 'application/json',
      },
    });
  });

  // One row per header HTTP/2 treats differently from HTTP/1.1: input → what goes, or HTTP/1.1.
  const rows: Array<{ header: [string, string]; out: Record<string, unknown> | { http1: string } }> = [
    { header: ['Connection', 'keep-alive'], out: {} },
    { header: ['Keep-Alive', 'timeout=5'], out: {} },
    { header: ['Proxy-Connection', 'keep-alive'], out: {} },
    { header: ['HTTP2-Settings', 'AAMAAABkAAQCAAAAAAIAAAAA'], out: {} },
    { header: ['Transfer-Encoding', 'chunked'], out: {} },
    { header: ['Transfer-Encoding', 'gzip, chunked'], out: { http1: 'Transfer-Encoding "gzip, chunked"' } },
    { header: ['Upgrade', 'websocket'], out: { http1: 'an upgrade' } },
    { header: ['TE', 'trailers'], out: { te: 'trailers' } },
    { header: ['TE', 'gzip'], out: {} },
    { header: ['Content-Length', '42'], out: { 'content-length': '42' } },
    { header: [':authority', 'evil.example'], out: {} },
    { header: [':path', '/other'], out: {} },
    { header: ['X-Custom-Thing', 'Value With Case'], out: { 'x-custom-thing': 'Value With Case' } },
  ];
  it.each(rows)('$header.0: $header.1', ({ header, out }) => {
    const head = h2UpstreamHead('GET', '/api', [...BASE, ...header]);
    if ('http1' in out) {
      expect(head).toEqual({ kind: 'http1', reason: out.http1 });
      return;
    }
    expect(head.kind).toBe('h2');
    if (head.kind !== 'h2') return;
    expect(regular(head.headers)).toEqual(out);
    // A client's pseudo-header never replaces Gatehouse's own.
    expect(head.headers[':authority']).toBe('10.0.0.1:6443');
    expect(head.headers[':path']).toBe('/api');
  });

  it('sends repeated headers as repeated fields, in order (one Impersonate-Group per group)', () => {
    const head = h2UpstreamHead('GET', '/api', [
      ...BASE,
      'Impersonate-User',
      'alice',
      'Impersonate-Group',
      'a',
      'Impersonate-Group',
      'b',
      'impersonate-group',
      'c',
    ]);
    expect(head.kind === 'h2' && regular(head.headers)).toEqual({
      'impersonate-user': 'alice',
      'impersonate-group': ['a', 'b', 'c'],
    });
  });

  it('keeps a repeated header HTTP/2 can send once only on HTTP/1.1, which relays it as received', () => {
    expect(h2UpstreamHead('GET', '/api', [...BASE, 'User-Agent', 'a', 'User-Agent', 'b'])).toEqual({
      kind: 'http1',
      reason: 'more than one user-agent',
    });
    expect(h2UpstreamHead('GET', '/api', [...BASE, 'Host', 'other'])).toEqual({
      kind: 'http1',
      reason: 'more than one Host',
    });
    expect(h2UpstreamHead('GET', '/api', ['Accept', '*/*'])).toEqual({ kind: 'http1', reason: 'no Host' });
  });

  it('marks the leased credential never to be indexed by HPACK', () => {
    const head = h2UpstreamHead('GET', '/api', [...BASE, 'Authorization', 'Bearer leased']);
    expect(head.kind).toBe('h2');
    if (head.kind !== 'h2') return;
    expect(head.headers.authorization).toBe('Bearer leased');
    expect((head.headers as Record<symbol, unknown>)[http2.sensitiveHeaders]).toEqual(['authorization']);
  });

  // The table's facts about Node, checked against the Node that runs: each header it names as
  // single-valued is refused twice by Node's own check, and a connection header at all.
  it("matches Node's own refusals", () => {
    const session = http2.connect('https://127.0.0.1:1');
    session.on('error', () => {});
    const refusal = (headers: http2.OutgoingHttpHeaders): string | undefined => {
      try {
        session.request({ ':path': '/', ...headers }).on('error', () => {});
        return undefined;
      } catch (err) {
        return (err as { code?: string }).code;
      }
    };
    try {
      for (const name of NODE_SINGLE_VALUE)
        expect(refusal({ [name]: ['a', 'b'] }), name).toBe('ERR_HTTP2_HEADER_SINGLE_VALUE');
      for (const name of [
        'connection',
        'keep-alive',
        'proxy-connection',
        'transfer-encoding',
        'upgrade',
        'http2-settings',
      ]) {
        expect(refusal({ [name]: 'x' }), name).toBe('ERR_HTTP2_INVALID_CONNECTION_HEADERS');
      }
      expect(refusal({ te: 'gzip' })).toBe('ERR_HTTP2_INVALID_CONNECTION_HEADERS');
      expect(refusal({ te: 'trailers' })).toBeUndefined();
      expect(refusal({ 'impersonate-group': ['a', 'b'] })).toBeUndefined();
    } finally {
      session.destroy();
    }
  });
});
