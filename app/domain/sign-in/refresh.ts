// Renewing and ending a sign-in at the IdP: the refresh token grant (RFC 6749 §6) for a new ID
// token, and revocation (RFC 7009) at sign-out where the IdP offers it.
import { refreshTokenGrant, tokenRevocation } from 'openid-client';
import { GatehouseError } from '../../../shared/errors';
import { idpFailure } from './idp-errors';
import type { OpenIdProvider } from './provider';
import { tokenSetFrom, type TokenSet } from './token-set';

/**
 * A new TokenSet from `refreshToken`. Errors: invalid_grant (the IdP session ended, the token was
 * revoked or already rotated) → 'not-signed-in'; the network → 'unavailable'; anything else the
 * IdP refuses → 'refused'. `username`: the person the session is for; a refreshed ID token for
 * anyone else is refused (OpenID Connect Core §12.2: same subject).
 */
export async function refreshTokens(
  provider: OpenIdProvider,
  refreshToken: string,
  username: string,
): Promise<TokenSet> {
  let tokens: TokenSet;
  try {
    tokens = tokenSetFrom(provider, await refreshTokenGrant(provider.config, refreshToken), refreshToken);
  } catch (error) {
    throw error instanceof GatehouseError ? error : idpFailure(error, provider.issuer, 'refresh', [refreshToken]);
  }
  if (tokens.username !== username)
    throw new GatehouseError(
      'refused',
      `the identity provider ${provider.issuer} refreshed the sign-in as someone else (${JSON.stringify(tokens.username.slice(0, 100))}): run "gatehouse login"`,
    );
  return tokens;
}

/**
 * Best effort: true when the IdP accepted the revocation. False when it offers none, or the
 * request failed: sign-out goes on either way (the token is forgotten here regardless).
 */
export async function revokeToken(
  provider: OpenIdProvider,
  token: string,
  hint: 'refresh_token' | 'access_token' = 'refresh_token',
): Promise<boolean> {
  if (!provider.canRevoke) return false;
  try {
    await tokenRevocation(provider.config, token, { token_type_hint: hint });
    return true;
  } catch {
    return false;
  }
}
