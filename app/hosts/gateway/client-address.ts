// The person's address for the audit line and the cluster's `sourceIPs` (SPEC §10): the TCP peer,
// or — when the peer is a load balancer the config trusts (`trustedProxies`) — the address that
// balancer put in X-Forwarded-For. The header is read from the right: each hop appends the address
// it saw, so only entries added by trusted hops are believed, and the first untrusted one is the
// client. Anything a client wrote further left is its own claim and ignored (SPEC §9).
import { BlockList, isIP } from 'node:net';
import type { ClientRequest } from '../../domain/proxy/client-messages';

/** Longest X-Forwarded-For read; beyond it only the rightmost part counts (the trusted hops' part). */
const MAX_HEADER = 4096;

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 on a dual-stack socket. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

function isTrusted(trusted: BlockList, address: string): boolean {
  return isIP(address) !== 0 && trusted.check(address, family(address));
}

/** Pure: the peer's address and the X-Forwarded-For header value(s) it sent. */
export function clientAddressOf(peer: string, forwardedFor: string | string[] | undefined, trusted: BlockList): string {
  const hop = plainAddress(peer);
  if (forwardedFor === undefined || !isTrusted(trusted, hop)) return hop;
  const joined = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).slice(-MAX_HEADER);
  const entries = joined.split(',').map((e) => e.trim());
  let client = hop;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = plainAddress(entries[i] ?? '');
    // A malformed entry ends the chain: the trusted hop to its right is as far as we can believe.
    if (isIP(entry) === 0) break;
    client = entry;
    if (!isTrusted(trusted, entry)) break;
  }
  return client;
}

export function clientAddress(req: ClientRequest, trusted: BlockList): string {
  return clientAddressOf(req.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], trusted);
}
