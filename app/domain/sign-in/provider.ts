// The identity provider the gateway trusts, discovered (OpenID Connect Discovery 1.0) with
// openid-client as a *public* client (no secret: a desktop cannot keep one; PKCE protects the
// code instead, RFC 8252). Every request it makes goes through our https fetch (trust.ts: the
// system's roots plus the person's CA file).
import { Configuration, customFetch, discovery, None } from 'openid-client';
import { idpFailure } from './idp-errors';
import { httpsFetch, type HttpsFetch, type HttpsFetchOptions } from './https-fetch';
import type { GatewayInfo } from './gateway-info';
import { identityProviderTrust } from './trust';

/** openid-client's own deadline, above our fetch's connect + answer deadlines (15 s each). */
const CLIENT_TIMEOUT_SECONDS = 35;

export interface OpenIdProvider {
  /** The issuer as the gateway names it (what ID tokens' `iss` must be). */
  issuer: string;
  /** The gateway's sign-in document this provider was found from: client id, scopes, claims. */
  info: GatewayInfo;
  /** openid-client's configuration: server metadata, the client, our fetch. */
  config: Configuration;
  /** The IdP advertises RFC 7009 revocation (sign-out then also ends the refresh token there). */
  canRevoke: boolean;
  /** The IdP advertises the device flow (RFC 8628). */
  canDevice: boolean;
}

export interface OpenIdProviderOptions {
  /** Replaces the https fetch (tests); else one trusting the system's roots plus `caPem`. */
  fetch?: HttpsFetch;
  /** Sees each request our fetch sends (tests count token endpoint calls). */
  onRequest?: HttpsFetchOptions['onRequest'];
}

export function identityProviderFetch(caPem: string | null, options: OpenIdProviderOptions = {}): HttpsFetch {
  return (
    options.fetch ??
    httpsFetch({
      what: 'the identity provider',
      ca: identityProviderTrust(caPem),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    })
  );
}

export async function openIdProvider(
  info: GatewayInfo,
  caPem: string | null,
  options: OpenIdProviderOptions = {},
): Promise<OpenIdProvider> {
  const fetch = identityProviderFetch(caPem, options);
  let config: Configuration;
  try {
    config = await discovery(new URL(info.issuer), info.clientId, undefined, None(), {
      [customFetch]: fetch,
      timeout: CLIENT_TIMEOUT_SECONDS,
    });
  } catch (error) {
    throw idpFailure(error, info.issuer, 'discovery');
  }
  const metadata = config.serverMetadata();
  return {
    issuer: info.issuer,
    info,
    config,
    canRevoke: typeof metadata.revocation_endpoint === 'string',
    canDevice: typeof metadata.device_authorization_endpoint === 'string',
  };
}
