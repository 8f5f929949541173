// Turns a failure to talk to the next hop into the HTTP code and message the client sees: 503 when
// it cannot be reached, 502 when it answered in a way we cannot use (TLS, protocol). The next hop
// is the cluster, or on the desktop in gateway mode the gateway (SPEC §10), and the message says
// which: "cannot reach the cluster" would send the person looking in the wrong place.
import type { Upstream } from './upstream';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
]);

export function describeUpstreamError(
  err: Error & { code?: string },
  resource: string,
  upstream: Pick<Upstream, 'server' | 'nextHop'>,
): { code: 502 | 503; message: string } {
  const where =
    upstream.nextHop === 'gateway'
      ? `the gateway ${upstream.server.origin} for resource "${resource}"`
      : `the cluster for resource "${resource}" (${upstream.server.origin})`;
  if (err.code !== undefined && UNREACHABLE.has(err.code)) {
    return { code: 503, message: `gatehouse: cannot reach ${where}: ${err.code} ${err.message}` };
  }
  if (
    err.code?.startsWith('ERR_TLS') ||
    err.code?.includes('CERT') ||
    err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT'
  ) {
    return { code: 502, message: `gatehouse: TLS with ${where} failed: ${err.message}` };
  }
  return { code: 502, message: `gatehouse: ${where} failed: ${err.message}` };
}
