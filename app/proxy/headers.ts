// Every decision about a client header, in one place (after Pinniped's impersonator): what is
// refused, what is removed, what is replaced and what Gatehouse adds. Pure, so it is tested as a
// table of input headers → output headers or refusal.
import type { ImpersonatedIdentity } from './identity';

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export type HeaderDecision =
  | { kind: 'forward'; headers: Array<[string, string]> }
  | { kind: 'refuse'; code: 400 | 403; message: string };

export interface UpstreamHeaderContext {
  identity: ImpersonatedIdentity;
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
}

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the non-standard Proxy-Connection. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

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

export function upstreamHeaders(incoming: HeaderList, ctx: UpstreamHeaderContext): HeaderDecision {
  const impersonation = incoming.filter(([name]) => name.toLowerCase().startsWith('impersonate-'));
  if (impersonation.length > 0) {
    const names = [...new Set(impersonation.map(([name]) => name))].join(', ');
    return {
      kind: 'refuse',
      code: 403,
      message:
        `gatehouse: request carries ${names}; impersonation through resource "${ctx.resource}" is fixed to ` +
        `${ctx.identity.user} and cannot be changed by the client (remove --as / --as-group / --as-uid)`,
    };
  }

  const connectionTokens = new Set(
    incoming
      .filter(([name]) => name.toLowerCase() === 'connection')
      .flatMap(([, value]) => value.split(','))
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const upgradeValue = incoming.find(([name]) => name.toLowerCase() === 'upgrade')?.[1];

  const out: Array<[string, string]> = [];
  for (const [name, value] of incoming) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') continue; // the local token; replaced by the leased credential
    if (lower.startsWith('x-remote-')) continue; // front-proxy identity headers are never the client's to set
    if (HOP_BY_HOP.has(lower) || connectionTokens.has(lower)) continue;
    if (lower === 'host') continue; // replaced by the cluster's host
    if (lower === 'sec-websocket-protocol') continue; // replaced by the list without the local token
    out.push([name, value]);
  }

  for (const value of [ctx.identity.user, ...ctx.identity.groups]) {
    if (hasControlChars(value) || value === '') {
      return { kind: 'refuse', code: 403, message: `gatehouse: identity for resource "${ctx.resource}" contains an empty value or a control character` };
    }
  }

  out.unshift(['Host', ctx.upstreamHost]);
  if (ctx.upgrade && upgradeValue !== undefined) {
    out.push(['Connection', 'Upgrade'], ['Upgrade', upgradeValue]);
  }
  if (ctx.subprotocols) out.push(['Sec-WebSocket-Protocol', ctx.subprotocols]);
  for (const [name, value] of Object.entries(ctx.credentialHeaders)) out.push([name, value]);
  out.push(['Impersonate-User', ctx.identity.user]);
  for (const group of ctx.identity.groups) out.push(['Impersonate-Group', group]);
  return { kind: 'forward', headers: out };
}
