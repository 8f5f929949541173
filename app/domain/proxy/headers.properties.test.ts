// Properties of the header decision over any header list a client can send: it refuses, or it
// forwards exactly one framing of Gatehouse's own, Gatehouse's identity and credential, one Host,
// and nothing with which the client would speak for the person, the cluster's audit or the hop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { upstreamHeaders, type UpstreamHeaderContext } from './headers';

const NAMES = [
  'Host', 'Authorization', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Upgrade', 'Keep-Alive', 'TE', 'Trailer',
  'Proxy-Connection', 'Proxy-Authorization', 'Expect', 'Impersonate-User', 'Impersonate-Group', 'Impersonate-Uid',
  'Impersonate-Extra-Scopes', 'X-Remote-User', 'X-Remote-Group', 'X-Remote-Extra-Foo', 'X-Forwarded-For', 'X-Forwarded-Host',
  'X-Real-Ip', 'Forwarded', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Key', 'Accept', 'Content-Type', 'User-Agent', 'X-Custom',
];

/** A header name from the interesting ones in any letter case, or an arbitrary token. */
const headerName = fc.oneof(
  fc.constantFrom(...NAMES).chain((n) => fc.array(fc.boolean(), { minLength: n.length, maxLength: n.length }).map((up) => [...n].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''))),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/),
);

/** Values that matter to the decision: numbers, codings, lists of header names, anything. */
const headerValue = fc.oneof(
  fc.constantFrom('chunked', 'gzip, chunked', 'chunked, chunked', '0', '5', ' 5 ', '+5', '-1', '99999999999999999999', 'keep-alive', 'Upgrade', 'websocket', 'close'),
  fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }).map((ns) => ns.join(', ')),
  fc.nat({ max: 10_000 }).map(String),
  fc.string({ maxLength: 20 }),
);

const headerList = fc.array(fc.tuple(headerName, headerValue), { maxLength: 14 });

const base: UpstreamHeaderContext = {
  identity: { user: 'alice@example.com', groups: ['engineering', 'system:authenticated'] },
  impersonation: 'add',
  credentialHeaders: { Authorization: 'Bearer LEASED' },
  upstreamHost: '10.0.0.1:6443',
  upgrade: false,
  subprotocols: null,
  resource: 'staging',
};

const lower = (n: string): string => n.toLowerCase();

describe('upstreamHeaders, over any header list', () => {
  it('forwards one framing, one Host, Gatehouse’s identity and credential and no client identity — or refuses', () => {
    fc.assert(
      fc.property(headerList, fc.boolean(), fc.option(fc.constant('192.0.2.1'), { nil: undefined }), (input, upgrade, forwardedFor) => {
        const ctx = { ...base, upgrade, forwardedFor };
        const d = upstreamHeaders(input, ctx);
        const clientImpersonates = input.some(([n]) => lower(n).startsWith('impersonate-'));
        if (clientImpersonates) expect(d).toMatchObject({ kind: 'refuse', code: 403 });
        if (d.kind === 'refuse') return;

        const named = (name: string): string[] => d.headers.filter(([n]) => lower(n) === name).map(([, v]) => v);
        expect(named('host')).toEqual(['10.0.0.1:6443']);
        expect(named('authorization')).toEqual(['Bearer LEASED']);
        expect(named('impersonate-user')).toEqual(['alice@example.com']);
        expect(named('impersonate-group')).toEqual(['engineering', 'system:authenticated']);
        expect(d.headers.filter(([n]) => lower(n).startsWith('impersonate-')).length).toBe(3);
        expect(d.headers.some(([n]) => lower(n).startsWith('x-remote-'))).toBe(false);
        expect(named('x-real-ip')).toEqual([]);
        expect(named('forwarded')).toEqual([]);
        expect(named('x-forwarded-host')).toEqual([]);
        expect(named('x-forwarded-for')).toEqual(forwardedFor === undefined ? [] : [forwardedFor]);
        for (const hop of ['keep-alive', 'te', 'trailer', 'proxy-connection', 'proxy-authorization', 'expect']) expect(named(hop)).toEqual([]);

        // Exactly one framing, and it is the one the decision reports.
        const lengths = named('content-length');
        const codings = named('transfer-encoding');
        if (d.framing.kind === 'none') expect([lengths, codings]).toEqual([[], []]);
        if (d.framing.kind === 'length') expect([lengths, codings]).toEqual([[String(d.framing.length)], []]);
        if (d.framing.kind === 'chunked') expect([lengths, codings]).toEqual([[], ['chunked']]);
        if (upgrade) expect(d.framing.kind).toBe('none');
        // The framing agrees with what the client's own headers said, when they said anything.
        const clientLengths = input.filter(([n]) => lower(n) === 'content-length');
        const clientCodings = input.filter(([n]) => lower(n) === 'transfer-encoding');
        if (clientLengths.length === 0 && clientCodings.length === 0) expect(d.framing.kind).toBe('none');
        if (clientCodings.length > 0) expect(d.framing.kind).toBe('chunked');

        // Connection is Gatehouse's: only the upgrade one, only for upgrades.
        expect(named('connection')).toEqual(upgrade && input.some(([n]) => lower(n) === 'upgrade') ? ['Upgrade'] : []);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every request that carries any Impersonate-* header, whatever else it carries — also when the next hop impersonates', () => {
    fc.assert(
      fc.property(headerList, fc.stringMatching(/^[Ii][Mm][Pp][Ee][Rr][Ss][Oo][Nn][Aa][Tt][Ee]-[A-Za-z-]{1,10}$/), fc.nat(14), fc.constantFrom('add', 'next-hop' as const), (input, name, at, impersonation) => {
        const list = [...input];
        list.splice(at % (list.length + 1), 0, [name, 'x']);
        expect(upstreamHeaders(list, { ...base, impersonation })).toMatchObject({ kind: 'refuse', code: 403 });
      }),
    );
  });

  it('when the next hop (a gateway) impersonates: no Impersonate-* at all, the ID token the only Authorization — or refuses', () => {
    const nextHop: UpstreamHeaderContext = { ...base, impersonation: 'next-hop', identity: { user: 'alice@example.com', groups: [] }, credentialHeaders: { Authorization: 'Bearer ID-TOKEN' } };
    fc.assert(
      fc.property(headerList, fc.boolean(), (input, upgrade) => {
        const d = upstreamHeaders(input, { ...nextHop, upgrade });
        if (d.kind === 'refuse') return;
        expect(d.headers.filter(([n]) => lower(n).startsWith('impersonate-'))).toEqual([]);
        expect(d.headers.filter(([n]) => lower(n) === 'authorization')).toEqual([['Authorization', 'Bearer ID-TOKEN']]);
        expect(d.headers.filter(([n]) => lower(n) === 'host')).toEqual([['Host', '10.0.0.1:6443']]);
      }),
      { numRuns: 1000 },
    );
  });
});
