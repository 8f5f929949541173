// What a finished sign-in or refresh leaves the desktop with: the ID token (the gateway's bearer
// token, SPEC §10), the refresh token that renews it, and what the person may see about them.
// openid-client has already checked the ID token's iss, aud, exp, iat (and the nonce, for a
// browser sign-in); its signature is the gateway's to verify — we received it straight from the
// token endpoint over verified TLS (OpenID Connect Core §3.1.3.7).
import type { TokenEndpointResponse, TokenEndpointResponseHelpers } from 'openid-client';
import { GatehouseError } from '../../../shared/errors';
import type { OpenIdProvider } from './provider';

export interface TokenSet {
  idToken: string;
  /** Null when the IdP gave none (no offline_access); then the sign-in ends with the ID token. */
  refreshToken: string | null;
  /** From the ID token's `iat`: with `exp`, its lifetime (the refresh margin is a share of it). */
  idTokenIssuedAt: Date;
  /** From the ID token's `exp`. */
  idTokenExpiresAt: Date;
  /** The gateway's `usernameClaim` of the ID token (default: email). */
  username: string;
}

export type TokenResponse = TokenEndpointResponse & TokenEndpointResponseHelpers;

/**
 * `response` as a TokenSet. A refresh answer without a refresh token keeps `previousRefreshToken`
 * (RFC 6749 §6: the old one stays valid unless a new one is issued).
 */
export function tokenSetFrom(
  provider: OpenIdProvider,
  response: TokenResponse,
  previousRefreshToken: string | null = null,
): TokenSet {
  const at = `the identity provider ${provider.issuer}`;
  const claims = response.claims();
  if (typeof response.id_token !== 'string' || !claims) {
    throw new GatehouseError(
      'refused',
      `${at} answered without an ID token (the gateway needs one): is "openid" among the scopes?`,
    );
  }
  const claim = provider.info.usernameClaim;
  const username = claims[claim];
  if (typeof username !== 'string' || username.trim() === '') {
    throw new GatehouseError(
      'refused',
      `the ID token from ${provider.issuer} has no ${JSON.stringify(claim)} claim (the gateway's username claim): do the scopes ${provider.info.scopes.join(' ')} include it?`,
    );
  }
  return {
    idToken: response.id_token,
    refreshToken:
      typeof response.refresh_token === 'string' && response.refresh_token !== ''
        ? response.refresh_token
        : previousRefreshToken,
    idTokenIssuedAt: new Date(claims.iat * 1000),
    idTokenExpiresAt: new Date(claims.exp * 1000),
    username,
  };
}
