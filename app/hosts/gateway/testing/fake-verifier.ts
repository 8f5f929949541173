// A stand-in for the OIDC verifier in unit tests of what comes after it (admission, routes,
// metrics): a token is a key into a table of identities or rejections. The verifier itself is
// tested against forged tokens and a real OpenID provider (oidc/*.test.ts, e2e/integration).
import type { OidcIdentity } from '../../../domain/oidc/claims';
import { bearerToken } from '../../../domain/oidc/bearer';
import type { OidcVerifier, VerifyOutcome } from '../../../domain/oidc/verifier';
import { isRejection, reject, type TokenFailureReason } from '../../../domain/oidc/rejection';

export type FakeTokens = Record<string, { username: string; groups?: string[] } | TokenFailureReason>;

export function fakeVerifier(tokens: FakeTokens, keys = 1): OidcVerifier & { seen: string[] } {
  const seen: string[] = [];
  const verifyToken = async (token: string): Promise<VerifyOutcome> => {
    seen.push(token);
    const entry = tokens[token];
    if (entry === undefined) return { ok: false, rejection: reject('bad-signature', 'the signature does not verify') };
    if (typeof entry === 'string') return { ok: false, rejection: reject(entry, `refused: ${entry}`) };
    const identity: OidcIdentity = { username: entry.username, groups: entry.groups ?? [], subject: `sub-${entry.username}`, expiresAt: new Date(Date.now() + 600_000) };
    return { ok: true, identity };
  };
  return {
    seen,
    metadata: { issuer: 'https://idp.test', jwksUri: 'https://idp.test/keys' },
    verifyToken,
    async verifyAuthorization(authorization) {
      const token = bearerToken(authorization);
      return isRejection(token) ? { ok: false, rejection: token } : verifyToken(token);
    },
    keyStatus: () => ({ keys, fetchedAt: new Date() }),
  };
}
