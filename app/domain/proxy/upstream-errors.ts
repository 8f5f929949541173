// Turns a failure to talk to the cluster into the HTTP code and message the client sees: 503 when
// the cluster cannot be reached, 502 when it answered in a way we cannot use (TLS, protocol).

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

export function describeUpstreamError(err: Error & { code?: string }, resource: string, server: URL): { code: 502 | 503; message: string } {
  const where = `resource "${resource}" (${server.origin})`;
  if (err.code !== undefined && UNREACHABLE.has(err.code)) {
    return { code: 503, message: `gatehouse: cannot reach the cluster for ${where}: ${err.code} ${err.message}` };
  }
  if (err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT') || err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return { code: 502, message: `gatehouse: TLS with the cluster for ${where} failed: ${err.message}` };
  }
  return { code: 502, message: `gatehouse: the cluster for ${where} failed: ${err.message}` };
}
