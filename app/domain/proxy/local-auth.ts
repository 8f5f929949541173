import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Local authentication of the loopback listener (SPEC §4): a bearer token of at least 256 bits,
// per user and resource. Clients send it as `Authorization: Bearer <token>` or, for websocket
// clients that cannot set headers (browsers), as the Kubernetes subprotocol
// `base64url.bearer.authorization.k8s.io.<base64url(token)>`.

export const BEARER_SUBPROTOCOL_PREFIX = 'base64url.bearer.authorization.k8s.io.';

export function newLocalToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface PresentedCredential {
  /** The token the client presented, if any. */
  token: string | null;
  /** Sec-WebSocket-Protocol with the bearer entry removed (null when the header was absent). */
  remainingSubprotocols: string | null;
}

/** Finds the token in the Authorization header or the websocket subprotocol list. */
export function presentedCredential(authorization: string | undefined, subprotocols: string | undefined): PresentedCredential {
  let token: string | null = null;
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (match?.[1]) token = match[1];
  let remainingSubprotocols: string | null = null;
  if (subprotocols !== undefined) {
    const kept: string[] = [];
    for (const entry of subprotocols.split(',').map((p) => p.trim()).filter(Boolean)) {
      if (entry.startsWith(BEARER_SUBPROTOCOL_PREFIX)) {
        token ??= Buffer.from(entry.slice(BEARER_SUBPROTOCOL_PREFIX.length), 'base64url').toString('utf8');
      } else {
        kept.push(entry);
      }
    }
    remainingSubprotocols = kept.join(', ');
  }
  return { token, remainingSubprotocols };
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the content nor the
 * length of the expected token leaks through timing.
 */
export function tokenMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
