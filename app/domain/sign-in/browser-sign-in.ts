// Browser sign-in (SPEC §10): authorization code + PKCE (S256) with a random `state` and `nonce`,
// redirected to a one-shot loopback server (callback-server.ts), the way RFC 8252 says native
// apps sign in. The URL is ready at once: the host opens it in the system browser (`openUrl`:
// Electron's shell, the CLI's opener) and also shows it, for terminals without a browser.
import {
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';
import { startCallbackServer } from './callback-server';
import { idpFailure } from './idp-errors';
import type { OpenIdProvider } from './provider';
import { tokenSetFrom, type TokenSet } from './token-set';

export interface BrowserSignInOptions {
  /** Opens `url` in a browser; says whether it could. Never throws for the sign-in's sake. */
  openUrl?: (url: string) => Promise<boolean>;
  /** Default 5 minutes. */
  timeoutMs?: number;
}

export interface BrowserSignIn {
  /** The IdP's authorization URL (no secret in it: the PKCE verifier never leaves this process). */
  url: string;
  /** `openUrl` was given and said it opened the browser. */
  opened: boolean;
  done: Promise<TokenSet>;
  cancel(): void;
}

/**
 * OpenID Connect Core §11: a refresh token for use while the person is away (offline_access)
 * needs `prompt=consent`; IdPs that enforce it (oidc-provider does) drop the scope otherwise.
 */
export function authorizationParameters(
  provider: OpenIdProvider,
  redirectUri: string,
  checks: { state: string; nonce: string; codeChallenge: string },
): Record<string, string> {
  const scopes = provider.info.scopes;
  return {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: checks.codeChallenge,
    code_challenge_method: 'S256',
    ...(scopes.includes('offline_access') ? { prompt: 'consent' } : {}),
  };
}

export async function startBrowserSignIn(
  provider: OpenIdProvider,
  options: BrowserSignInOptions = {},
): Promise<BrowserSignIn> {
  const state = randomState();
  const nonce = randomNonce();
  const verifier = randomPKCECodeVerifier();
  const codeChallenge = await calculatePKCECodeChallenge(verifier);
  const callback = await startCallbackServer<TokenSet>({
    expectedState: state,
    issuer: provider.issuer,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    async exchange(callbackUrl) {
      try {
        const response = await authorizationCodeGrant(provider.config, callbackUrl, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        return tokenSetFrom(provider, response);
      } catch (error) {
        throw idpFailure(error, provider.issuer, 'sign-in', [callbackUrl.searchParams.get('code'), verifier]);
      }
    },
  });
  const url = buildAuthorizationUrl(
    provider.config,
    authorizationParameters(provider, callback.redirectUri, { state, nonce, codeChallenge }),
  ).href;
  let opened = false;
  if (options.openUrl) {
    try {
      opened = await options.openUrl(url);
    } catch {
      // The URL is shown anyway; a browser that would not start is not a failed sign-in.
      opened = false;
    }
  }
  return { url, opened, done: callback.done, cancel: callback.cancel };
}
