// The token out of an `Authorization` header, and the first look at it: a compact JWS (three
// base64url parts) with a JSON header naming an allowed algorithm. Pure: no keys, no clock.
import { quoted, reject, type TokenRejection } from './rejection';

/** ID tokens are a few KB at most; anything far larger is not one (and is not parsed). */
export const MAX_TOKEN_BYTES = 16 * 1024;

/**
 * Asymmetric algorithms only: a symmetric (HS*) one would let anyone holding the "secret" (for an
 * attacker: the public key, or the client id's secret) mint tokens, and `none` signs nothing.
 */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

export interface TokenHeader {
  alg: AllowedAlgorithm;
  kid?: string;
}

/** RFC 6750 §2.1: `Bearer <token>`, the scheme case-insensitive. */
export function bearerToken(authorization: string | undefined): string | TokenRejection {
  if (authorization === undefined || authorization.trim() === '') return reject('missing', 'no bearer token (Authorization: Bearer <ID token>)');
  const m = /^bearer +(\S+) *$/i.exec(authorization);
  if (!m?.[1]) return reject('malformed', 'the Authorization header is not "Bearer <token>"');
  return m[1];
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Header checks before any key is looked up. */
export function inspectHeader(token: string): TokenHeader | TokenRejection {
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) return reject('malformed', `the token is larger than ${MAX_TOKEN_BYTES} bytes`);
  const parts = token.split('.');
  if (parts.length === 5) return reject('malformed', 'the token is encrypted (JWE); an ID token signed by the issuer is expected');
  // A refresh or access token that is opaque ends here: it is not a JWT at all.
  if (parts.length !== 3 || !parts.every((p, i) => BASE64URL.test(p) || (i === 2 && p === ''))) return reject('malformed', 'the token is not a JWT (an ID token is expected)');
  const header = decodeJsonObject(parts[0] ?? '');
  if (!header) return reject('malformed', 'the token header is not a JSON object');
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    return reject('alg-not-allowed', `algorithm ${quoted(alg)} is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`);
  }
  if (kid !== undefined && typeof kid !== 'string') return reject('malformed', 'the token header kid is not a string');
  // Extensions that change how the signature is read (RFC 7515 §4.1.11, e.g. unencoded payloads):
  // no IdP puts them in an ID token.
  if (header.crit !== undefined) return reject('malformed', 'the token header has critical extensions (crit), which ID tokens do not use');
  // RFC 7519 §5.1: "JWT" when present. Other types (at+jwt: RFC 9068 access tokens, logout+jwt,
  // …) are tokens for something else, even when signed by the same issuer.
  if (typ !== undefined && (typeof typ !== 'string' || !['jwt', 'application/jwt'].includes(typ.toLowerCase()))) {
    return reject('wrong-type', `token type ${quoted(typ)} is not an ID token`);
  }
  return kid === undefined ? { alg: alg as AllowedAlgorithm } : { alg: alg as AllowedAlgorithm, kid };
}
