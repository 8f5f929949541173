// Device sign-in (RFC 8628), for machines without a browser (`gatehouse login --device`): the
// IdP gives a code and a page; the person approves on another device while openid-client polls
// the token endpoint at the IdP's interval (slowing down when told to). The code's own lifetime
// bounds the wait; `cancel` stops it sooner.
import { initiateDeviceAuthorization, pollDeviceAuthorizationGrant } from 'openid-client';
import { GatehouseError } from '../../../shared/errors';
import { idpFailure } from './idp-errors';
import type { OpenIdProvider } from './provider';
import { tokenSetFrom, type TokenSet } from './token-set';

export interface DeviceSignIn {
  verificationUri: string;
  /** The page with the code filled in, where the IdP gives one. */
  verificationUriComplete: string | null;
  userCode: string;
  expiresAt: Date;
  done: Promise<TokenSet>;
  cancel(): void;
}

export async function startDeviceSignIn(
  provider: OpenIdProvider,
  options: { now?: () => number } = {},
): Promise<DeviceSignIn> {
  const issuer = provider.issuer;
  if (!provider.canDevice)
    throw new GatehouseError(
      'refused',
      `the identity provider ${issuer} does not offer the device flow (RFC 8628): sign in with the browser instead`,
    );
  const now = options.now ?? Date.now;
  let authorization: Awaited<ReturnType<typeof initiateDeviceAuthorization>>;
  try {
    authorization = await initiateDeviceAuthorization(provider.config, { scope: provider.info.scopes.join(' ') });
  } catch (error) {
    throw idpFailure(error, issuer, 'device sign-in');
  }
  const lifetimeMs = authorization.expires_in * 1000;
  const cancelled = new AbortController();
  const expired = AbortSignal.timeout(lifetimeMs);
  const secrets = [authorization.device_code];

  const cancelledError = new GatehouseError('refused', `the device sign-in at ${issuer} was cancelled`);
  const polled = pollDeviceAuthorizationGrant(provider.config, authorization, undefined, {
    signal: AbortSignal.any([cancelled.signal, expired]),
  }).then(
    (response) => tokenSetFrom(provider, response),
    (error: unknown) => {
      if (cancelled.signal.aborted) throw cancelledError;
      if (expired.aborted)
        throw new GatehouseError('refused', `the code was not approved in time at ${issuer}: start the sign-in again`);
      throw idpFailure(error, issuer, 'device sign-in', secrets);
    },
  );
  // openid-client looks at the signal between its waits (up to 5 s): a cancel is answered at once,
  // and the polling stops by itself at its next look.
  const onCancel = new Promise<never>((_resolve, reject) =>
    cancelled.signal.addEventListener('abort', () => reject(cancelledError), { once: true }),
  );
  polled.catch(() => {});
  onCancel.catch(() => {});
  const done = Promise.race([polled, onCancel]);
  // Rejections reach whoever awaits `done`; none is left unhandled meanwhile.
  done.catch(() => {});

  return {
    verificationUri: authorization.verification_uri,
    verificationUriComplete: authorization.verification_uri_complete ?? null,
    userCode: authorization.user_code,
    expiresAt: new Date(now() + lifetimeMs),
    done,
    cancel: () => cancelled.abort(),
  };
}
