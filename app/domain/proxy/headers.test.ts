// The header decisions as a table (after Teleport's kube proxy tests): input headers → the headers
// sent to the cluster, or the refusal.
import { describe, expect, it } from 'vitest';
import { upstreamHeaders, type HeaderList, type UpstreamHeaderContext } from './headers';

const ctx: UpstreamHeaderContext = {
  identity: { user: 'alice@example.com', groups: ['engineering', 'sre-on-call', 'system:authenticated'] },
  impersonation: 'add',
  credentialHeaders: { Authorization: 'Bearer LEASED' },
  upstreamHost: '10.0.0.1:6443',
  upgrade: false,
  subprotocols: null,
  resource: 'staging',
};

const IMPERSONATION: Array<[string, string]> = [
  ['Impersonate-User', 'alice@example.com'],
  ['Impersonate-Group', 'engineering'],
  ['Impersonate-Group', 'sre-on-call'],
  ['Impersonate-Group', 'system:authenticated'],
];

/** The desktop forwarding to a gateway (SPEC §10): the person's ID token, and the gateway impersonates. */
const NEXT_HOP: Partial<UpstreamHeaderContext> = { impersonation: 'next-hop', identity: { user: 'alice@example.com', groups: [] }, credentialHeaders: { Authorization: 'Bearer ID-TOKEN' } };

interface Case {
  name: string;
  input: HeaderList;
  ctx?: Partial<UpstreamHeaderContext>;
  /** Expected headers between the Host line and the added credential and identity lines. */
  forwarded?: Array<[string, string]>;
  refused?: { code: number; mentions: string[] };
}

const cases: Case[] = [
  {
    name: 'ordinary headers pass through in order, the local token is replaced',
    input: [['Host', '127.0.0.1:16443'], ['Authorization', 'Bearer LOCAL'], ['Accept', 'application/json'], ['User-Agent', 'kubectl/v1.33']],
    forwarded: [['Accept', 'application/json'], ['User-Agent', 'kubectl/v1.33']],
  },
  {
    name: 'Impersonate-User from the client is refused, not stripped',
    input: [['Impersonate-User', 'someone']],
    refused: { code: 403, mentions: ['Impersonate-User', 'alice@example.com', '--as'] },
  },
  {
    name: 'Impersonate-Group alone is refused, named as kubectl knows it whatever its spelling (HTTP/2: lowercase)',
    input: [['impersonate-group', 'system:masters']],
    refused: { code: 403, mentions: ['Impersonate-Group'] },
  },
  {
    name: 'Impersonate-Uid and Impersonate-Extra-* are refused',
    input: [['Impersonate-Uid', '1'], ['Impersonate-Extra-Scopes', 'x']],
    refused: { code: 403, mentions: ['Impersonate-Uid', 'Impersonate-Extra-Scopes'] },
  },
  {
    name: 'X-Remote-* front-proxy headers are removed',
    input: [['X-Remote-User', 'admin'], ['x-remote-group', 'system:masters'], ['X-Remote-Extra-Foo', 'bar'], ['Accept', '*/*']],
    forwarded: [['Accept', '*/*']],
  },
  {
    name: 'hop-by-hop headers and those named in Connection are removed',
    input: [['Connection', 'keep-alive, X-Custom-Hop'], ['Keep-Alive', 'timeout=5'], ['X-Custom-Hop', '1'], ['TE', 'trailers'], ['Proxy-Authorization', 'Basic x'], ['Content-Type', 'application/json']],
    forwarded: [['Content-Type', 'application/json']],
  },
  {
    name: 'a chunked body is re-framed by Gatehouse: one Transfer-Encoding of its own',
    input: [['Transfer-Encoding', 'chunked'], ['Content-Type', 'application/json']],
    forwarded: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']],
  },
  {
    name: 'Content-Length is Gatehouse’s: the parsed value, once, after the client headers',
    input: [['content-length', '17'], ['Content-Type', 'application/json']],
    forwarded: [['Content-Type', 'application/json'], ['Content-Length', '17']],
  },
  {
    name: 'Connection cannot remove framing, Host or the credential (smuggling through Connection)',
    input: [['Connection', 'close, Content-Length, Host, Authorization, Transfer-Encoding, Impersonate-User'], ['Content-Length', '5'], ['Authorization', 'Bearer LOCAL']],
    forwarded: [['Content-Length', '5']],
  },
  {
    name: 'Content-Length together with Transfer-Encoding is refused',
    input: [['Content-Length', '5'], ['Transfer-Encoding', 'chunked']],
    refused: { code: 400, mentions: ['both Content-Length and Transfer-Encoding'] },
  },
  {
    name: 'two Content-Length headers are refused, even when equal',
    input: [['Content-Length', '5'], ['Content-Length', '5']],
    refused: { code: 400, mentions: ['more than one Content-Length'] },
  },
  {
    name: 'a Content-Length that is not a plain number is refused',
    input: [['Content-Length', '+5']],
    refused: { code: 400, mentions: ['is not a number'] },
  },
  {
    name: 'a Transfer-Encoding other than chunked is refused',
    input: [['Transfer-Encoding', 'gzip, chunked']],
    refused: { code: 400, mentions: ['only "chunked"'] },
  },
  {
    name: 'an upgrade request with a body is refused',
    input: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Content-Length', '10']],
    ctx: { upgrade: true },
    refused: { code: 400, mentions: ['cannot carry a body'] },
  },
  {
    name: 'Content-Length: 0 means no body and sends no framing header',
    input: [['Content-Length', '0']],
    forwarded: [],
  },
  {
    name: 'Expect is answered by Gatehouse, not relayed',
    input: [['Expect', '100-continue'], ['Content-Length', '3']],
    forwarded: [['Content-Length', '3']],
  },
  {
    name: 'client claims about its address are dropped (the cluster audit’s sourceIPs)',
    input: [['X-Forwarded-For', '10.9.8.7'], ['X-Real-Ip', '10.9.8.7'], ['Forwarded', 'for=10.9.8.7'], ['X-Forwarded-Host', 'evil'], ['X-Forwarded-Proto', 'http'], ['Accept', '*/*']],
    forwarded: [['Accept', '*/*']],
  },
  {
    name: 'the address Gatehouse knows (gateway mode) is sent as X-Forwarded-For',
    input: [['X-Forwarded-For', '10.9.8.7'], ['Accept', '*/*']],
    ctx: { forwardedFor: '192.0.2.10' },
    forwarded: [['Accept', '*/*'], ['X-Forwarded-For', '192.0.2.10']],
  },
  {
    name: 'an upgrade keeps Connection: Upgrade and the Upgrade protocol',
    input: [['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1'], ['X-Stream-Protocol-Version', 'v4.channel.k8s.io'], ['X-Stream-Protocol-Version', 'v3.channel.k8s.io']],
    ctx: { upgrade: true },
    forwarded: [['X-Stream-Protocol-Version', 'v4.channel.k8s.io'], ['X-Stream-Protocol-Version', 'v3.channel.k8s.io'], ['Connection', 'Upgrade'], ['Upgrade', 'SPDY/3.1']],
  },
  {
    name: 'websocket subprotocols are replaced by the list without the token',
    input: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Key', 'abc'], ['Sec-WebSocket-Protocol', 'base64url.bearer.authorization.k8s.io.eA, v5.channel.k8s.io']],
    ctx: { upgrade: true, subprotocols: 'v5.channel.k8s.io' },
    forwarded: [['Sec-WebSocket-Key', 'abc'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Protocol', 'v5.channel.k8s.io']],
  },
  {
    name: 'a TLS client certificate credential adds no Authorization header',
    input: [['Accept', '*/*']],
    ctx: { credentialHeaders: {} },
    forwarded: [['Accept', '*/*']],
  },
  {
    name: 'an identity with a control character is refused (header injection)',
    input: [],
    ctx: { identity: { user: 'eve@example.com\r\nImpersonate-Group: system:masters', groups: ['system:authenticated'] } },
    refused: { code: 403, mentions: ['control character'] },
  },
  {
    name: 'next hop impersonates: the ID token replaces the local token, and no Impersonate-* is added',
    input: [['Host', '127.0.0.1:16443'], ['Authorization', 'Bearer LOCAL'], ['Accept', 'application/json']],
    ctx: NEXT_HOP,
    forwarded: [['Accept', 'application/json']],
  },
  {
    name: 'next hop impersonates: a client Impersonate-User is still refused here, naming the resource and the person',
    input: [['Impersonate-User', 'dave@example.com']],
    ctx: NEXT_HOP,
    refused: { code: 403, mentions: ['Impersonate-User', 'resource "staging"', 'alice@example.com', '--as'] },
  },
  {
    name: 'next hop impersonates: Impersonate-Group / -Uid / -Extra-* are refused too',
    input: [['impersonate-group', 'system:masters'], ['Impersonate-Uid', '1'], ['Impersonate-Extra-Scopes', 'x']],
    ctx: NEXT_HOP,
    refused: { code: 403, mentions: ['Impersonate-Group', 'Impersonate-Uid', 'Impersonate-Extra-Scopes'] },
  },
  {
    name: 'next hop impersonates: the person not known yet is no refusal (nothing of it is sent)',
    input: [['Accept', '*/*']],
    ctx: { ...NEXT_HOP, identity: { user: '', groups: [] } },
    forwarded: [['Accept', '*/*']],
  },
  {
    name: 'next hop impersonates: client Impersonate-* while the person is not known yet names "the signed-in person"',
    input: [['Impersonate-User', 'dave@example.com']],
    ctx: { ...NEXT_HOP, identity: { user: '', groups: [] } },
    refused: { code: 403, mentions: ['fixed to the signed-in person'] },
  },
  {
    name: 'next hop impersonates: a websocket upgrade keeps its subprotocols without the local token, the ID token in Authorization',
    input: [['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Key', 'abc'], ['Sec-WebSocket-Protocol', 'base64url.bearer.authorization.k8s.io.TE9DQUw, v5.channel.k8s.io']],
    ctx: { ...NEXT_HOP, upgrade: true, subprotocols: 'v5.channel.k8s.io' },
    forwarded: [['Sec-WebSocket-Key', 'abc'], ['Connection', 'Upgrade'], ['Upgrade', 'websocket'], ['Sec-WebSocket-Protocol', 'v5.channel.k8s.io']],
  },
  {
    name: 'next hop impersonates: client X-Remote-* and address claims are still dropped',
    input: [['X-Remote-User', 'admin'], ['X-Forwarded-For', '10.9.8.7'], ['Accept', '*/*']],
    ctx: NEXT_HOP,
    forwarded: [['Accept', '*/*']],
  },
];

describe('upstreamHeaders', () => {
  for (const c of cases) {
    it(c.name, () => {
      const context = { ...ctx, ...c.ctx };
      const decision = upstreamHeaders(c.input, context);
      if (c.refused) {
        expect(decision.kind).toBe('refuse');
        if (decision.kind !== 'refuse') return;
        expect(decision.code).toBe(c.refused.code);
        for (const m of c.refused.mentions) expect(decision.message).toContain(m);
        return;
      }
      expect(decision.kind).toBe('forward');
      if (decision.kind !== 'forward') return;
      const added = [...Object.entries(context.credentialHeaders), ...(context.impersonation === 'add' ? IMPERSONATION : [])];
      expect(decision.headers).toEqual([['Host', '10.0.0.1:6443'], ...(c.forwarded ?? []), ...added]);
      const lengths = decision.headers.filter(([n]) => n === 'Content-Length');
      expect(lengths.length).toBeLessThanOrEqual(1);
    });
  }

  it('never forwards a client header whose name starts with impersonate-, in any case', () => {
    for (const name of ['IMPERSONATE-USER', 'Impersonate-user', 'impersonate-x']) {
      expect(upstreamHeaders([[name, 'v']], ctx).kind).toBe('refuse');
    }
  });
});
