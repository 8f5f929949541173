// Every decision about a client header, in one place (after Pinniped's impersonator): what is
// refused, what is removed, what is replaced and what Gatehouse adds. Pure, so it is tested as a
// table of input headers → output headers or refusal, and as properties over any header list.
//
// What goes upstream is built, not filtered: the client's headers that carry meaning for the
// cluster are kept, and everything that describes the hop, the body's framing, the person or the
// client's address is Gatehouse's own (SPEC §4, §9).
import { bodyFraming, framingHeader, type BodyFraming } from './body-framing';
import type { ImpersonatedIdentity } from './identity';

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export type HeaderDecision =
  | { kind: 'forward'; headers: Array<[string, string]>; framing: BodyFraming }
  | { kind: 'refuse'; code: 400 | 403; message: string };

export interface UpstreamHeaderContext {
  identity: ImpersonatedIdentity;
  /**
   * Who tells the cluster who the person is. `add`: Gatehouse, with Impersonate-User and one
   * Impersonate-Group per group (the next hop is the cluster: local mode, the gateway itself).
   * `next-hop`: the next hop is a Gatehouse gateway, which impersonates the person its bearer
   * token names (the desktop's forwarder, SPEC §10); nothing of `identity` is sent, it only names
   * the person in messages. A client's own Impersonate-* is refused either way.
   */
  impersonation: 'add' | 'next-hop';
  /** Headers that authenticate the leased credential (usually Authorization); may be empty for TLS client certs. */
  credentialHeaders: Readonly<Record<string, string>>;
  /** host[:port] of the cluster. */
  upstreamHost: string;
  /** The request asks to switch protocols (websocket or SPDY). */
  upgrade: boolean;
  /** Sec-WebSocket-Protocol without the local bearer-token entry; null when the client sent none. */
  subprotocols: string | null;
  /** Resource name, for messages. */
  resource: string;
  /**
   * The person's address as Gatehouse itself knows it, sent as X-Forwarded-For so the cluster's
   * audit `sourceIPs` names it. Local mode leaves it out: every request comes from 127.0.0.1,
   * which says nothing. The gateway sets it to its peer's address (or a trusted load balancer's
   * X-Forwarded-For), never to what the client claims.
   */
  forwardedFor?: string;
}

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the non-standard Proxy-Connection. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * Headers Gatehouse always decides itself. A client naming them in `Connection` changes nothing:
 * they are never the client's to keep or to remove.
 */
const GATEHOUSE_OWNED = new Set(['host', 'authorization', 'content-length', 'transfer-encoding', 'sec-websocket-protocol', 'expect']);

/** Headers with which a client would write the cluster's audit `sourceIPs` (SPEC §9). */
function isAddressClaim(lower: string): boolean {
  return lower.startsWith('x-forwarded-') || lower === 'x-real-ip' || lower === 'forwarded' || lower === 'x-client-ip' || lower === 'true-client-ip';
}

/** Pairs from Node's flat rawHeaders array, keeping order, case and repeated headers. */
export function pairsFromRaw(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return pairs;
}

function hasControlChars(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- exactly what we are looking for
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** Why the client's request must not go on at all, or null. */
/** `impersonate-extra-scopes` → `Impersonate-Extra-Scopes` (as Go's CanonicalMIMEHeaderKey). */
function canonicalHeaderName(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

function refusal(incoming: HeaderList, ctx: UpstreamHeaderContext): Extract<HeaderDecision, { kind: 'refuse' }> | null {
  const impersonation = incoming.filter(([name]) => name.toLowerCase().startsWith('impersonate-'));
  if (impersonation.length > 0) {
    // Named as kubectl's flags know them whatever the client's spelling (HTTP/2 sends lowercase).
    const names = [...new Set(impersonation.map(([name]) => canonicalHeaderName(name)))].join(', ');
    return {
      kind: 'refuse',
      code: 403,
      message:
        `gatehouse: request carries ${names}; impersonation through resource "${ctx.resource}" is fixed to ` +
        `${ctx.identity.user || 'the signed-in person'} and cannot be changed by the client (remove --as / --as-group / --as-uid)`,
    };
  }
  // Checked because they become header values; with `next-hop` they are never sent.
  for (const value of ctx.impersonation === 'add' ? [ctx.identity.user, ...ctx.identity.groups] : []) {
    if (hasControlChars(value) || value === '') {
      return { kind: 'refuse', code: 403, message: `gatehouse: identity for resource "${ctx.resource}" contains an empty value or a control character` };
    }
  }
  if (ctx.forwardedFor !== undefined && (hasControlChars(ctx.forwardedFor) || ctx.forwardedFor === '')) {
    return { kind: 'refuse', code: 400, message: 'gatehouse: the client address is empty or contains a control character' };
  }
  return null;
}

export function upstreamHeaders(incoming: HeaderList, ctx: UpstreamHeaderContext): HeaderDecision {
  const refused = refusal(incoming, ctx);
  if (refused) return refused;
  const framed = bodyFraming(incoming, ctx.upgrade);
  if (!framed.ok) return { kind: 'refuse', code: 400, message: framed.message };

  const connectionTokens = new Set(
    incoming
      .filter(([name]) => name.toLowerCase() === 'connection')
      .flatMap(([, value]) => value.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '' && !GATEHOUSE_OWNED.has(t)),
  );
  const upgradeValue = incoming.find(([name]) => name.toLowerCase() === 'upgrade')?.[1];

  const out: Array<[string, string]> = [['Host', ctx.upstreamHost]];
  for (const [name, value] of incoming) {
    const lower = name.toLowerCase();
    if (GATEHOUSE_OWNED.has(lower)) continue; // the local token, framing, Host, subprotocols: Gatehouse's own
    if (lower.startsWith('x-remote-')) continue; // front-proxy identity headers are never the client's to set
    if (isAddressClaim(lower)) continue; // the client's claim about its address
    if (HOP_BY_HOP.has(lower) || connectionTokens.has(lower)) continue;
    out.push([name, value]);
  }

  const framing = framingHeader(framed.framing);
  if (framing) out.push(framing);
  if (ctx.upgrade && upgradeValue !== undefined) {
    out.push(['Connection', 'Upgrade'], ['Upgrade', upgradeValue]);
  }
  if (ctx.subprotocols) out.push(['Sec-WebSocket-Protocol', ctx.subprotocols]);
  if (ctx.forwardedFor !== undefined) out.push(['X-Forwarded-For', ctx.forwardedFor]);
  for (const [name, value] of Object.entries(ctx.credentialHeaders)) out.push([name, value]);
  if (ctx.impersonation === 'add') {
    out.push(['Impersonate-User', ctx.identity.user]);
    for (const group of ctx.identity.groups) out.push(['Impersonate-Group', group]);
  }
  return { kind: 'forward', headers: out, framing: framed.framing };
}
