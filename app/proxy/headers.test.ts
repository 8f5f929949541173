// The header decisions as a table (after Teleport's kube proxy tests): input headers → the headers
// sent to the cluster, or the refusal.
import { describe, expect, it } from 'vitest';
import { upstreamHeaders, type HeaderList, type UpstreamHeaderContext } from './headers';

const ctx: UpstreamHeaderContext = {
  identity: { user: 'alice@example.com', groups: ['engineering', 'sre-on-call', 'system:authenticated'] },
  credentialHeaders: { Authorization: 'Bearer LEASED' },
  upstreamHost: '10.0.0.1:6443',
  upgrade: false,
  subprotocols: null,
  resource: 'staging',
};

const ADDED: Array<[string, string]> = [
  ['Authorization', 'Bearer LEASED'],
  ['Impersonate-User', 'alice@example.com'],
  ['Impersonate-Group', 'engineering'],
  ['Impersonate-Group', 'sre-on-call'],
  ['Impersonate-Group', 'system:authenticated'],
];

interface Case {
  name: string;
  input: HeaderList;
  ctx?: Partial<UpstreamHeaderContext>;
  /** Expected headers between the Host line and the added identity lines. */
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
    name: 'Impersonate-Group alone is refused',
    input: [['impersonate-group', 'system:masters']],
    refused: { code: 403, mentions: ['impersonate-group'] },
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
    input: [['Connection', 'keep-alive, X-Custom-Hop'], ['Keep-Alive', 'timeout=5'], ['X-Custom-Hop', '1'], ['TE', 'trailers'], ['Transfer-Encoding', 'chunked'], ['Proxy-Authorization', 'Basic x'], ['Content-Type', 'application/json']],
    forwarded: [['Content-Type', 'application/json']],
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
      const added = Object.entries(context.credentialHeaders).length === 0 ? ADDED.slice(1) : ADDED;
      expect(decision.headers).toEqual([['Host', '10.0.0.1:6443'], ...(c.forwarded ?? []), ...added]);
    });
  }

  it('never forwards a client header whose name starts with impersonate-, in any case', () => {
    for (const name of ['IMPERSONATE-USER', 'Impersonate-user', 'impersonate-x']) {
      expect(upstreamHeaders([[name, 'v']], ctx).kind).toBe('refuse');
    }
  });
});
