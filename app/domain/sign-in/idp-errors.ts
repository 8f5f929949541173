// openid-client's failures as Gatehouse's error kinds, decided here once (shared/errors.ts):
//   - the network (our fetch's own GatehouseError, a timeout, a 5xx, an answer that is not OAuth)
//     → 'unavailable': try again later, keep using a token that is still good;
//   - the IdP said invalid_grant to a refresh → 'not-signed-in': that sign-in has ended;
//   - a failed check of what came back (state, nonce, issuer, audience) or any other refusal by
//     the IdP → 'refused'.
// Messages name the issuer and what was being done, never a token: whatever text the IdP sent
// back goes through `redact` with the secrets of the request first.
import {
  AuthorizationResponseError,
  ClientError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
} from 'openid-client';
import { GatehouseError } from '../../../shared/errors';

export type IdpAction = 'discovery' | 'sign-in' | 'device sign-in' | 'refresh' | 'revocation';

const MAX_IDP_TEXT = 200;

/** `text` with every secret in it replaced, and cut to one short line. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  out = out.replace(/[\r\n]+/g, ' ');
  return out.length > MAX_IDP_TEXT ? `${out.slice(0, MAX_IDP_TEXT)}…` : out;
}

/** The GatehouseError our fetch threw, however deep openid-client wrapped it. */
function gatehouseCause(error: unknown): GatehouseError | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if (e instanceof GatehouseError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function statusOf(error: ClientError): number | undefined {
  const cause: unknown = error.cause;
  return cause instanceof Response ? cause.status : undefined;
}

/** The `claim` or `attribute` a failed comparison names (never its values: a nonce, an issuer). */
function comparedName(error: ClientError): string {
  const cause = error.cause as { claim?: unknown; attribute?: unknown } | undefined;
  const name = cause?.claim ?? cause?.attribute;
  return typeof name === 'string' ? ` (${name})` : '';
}

export function idpFailure(
  error: unknown,
  issuer: string,
  action: IdpAction,
  secrets: readonly (string | null | undefined)[] = [],
): GatehouseError {
  const own = gatehouseCause(error);
  if (own) return own;
  const at = `the identity provider ${issuer}`;

  if (error instanceof ResponseBodyError) {
    const said = redact(`${error.error}${error.error_description ? ` (${error.error_description})` : ''}`, secrets);
    if (action === 'refresh' && error.error === 'invalid_grant')
      return new GatehouseError('not-signed-in', `the sign-in at ${issuer} has ended: run "gatehouse login"`);
    if (action === 'device sign-in' && error.error === 'access_denied')
      return new GatehouseError('refused', `the sign-in at ${issuer} was denied on the other device`);
    if (action === 'device sign-in' && error.error === 'expired_token')
      return new GatehouseError('refused', `the code was not approved in time at ${issuer}: start the sign-in again`);
    if (error.status >= 500)
      return new GatehouseError('unavailable', `${at} failed the ${action}: HTTP ${error.status} ${said}`);
    return new GatehouseError('refused', `${at} refused the ${action}: ${said}`);
  }
  if (error instanceof AuthorizationResponseError) {
    return new GatehouseError(
      'refused',
      `${at} refused the ${action}: ${redact(`${error.error}${error.error_description ? ` (${error.error_description})` : ''}`, secrets)}`,
    );
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    return new GatehouseError('refused', `${at} refused the ${action} (HTTP ${error.status}, WWW-Authenticate)`);
  }
  if (error instanceof ClientError) {
    switch (error.code) {
      case 'OAUTH_TIMEOUT':
        return new GatehouseError('unavailable', `cannot reach ${at}: no answer in time (${action})`);
      case 'OAUTH_ABORT':
        return new GatehouseError('refused', `the ${action} at ${issuer} was cancelled`);
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM': {
        const status = statusOf(error);
        const kind = status === undefined || status >= 500 || status === 429 ? 'unavailable' : 'refused';
        return new GatehouseError(kind, `${at} answered the ${action} with HTTP ${status ?? 'an unexpected status'}`);
      }
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
      case 'OAUTH_PARSE_ERROR':
      case 'OAUTH_INVALID_RESPONSE':
        return new GatehouseError(
          'unavailable',
          `${at} answered the ${action} with something that is not an OAuth response (${error.message})`,
        );
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        if (action === 'discovery')
          return new GatehouseError(
            'config',
            `${at}: its discovery document names another issuer (they must be equal, character for character)`,
          );
        return new GatehouseError(
          'refused',
          `${at}: its answer to the ${action} failed a check${comparedName(error)}: refused`,
        );
      case 'OAUTH_MISSING_SERVER_METADATA':
      case 'OAUTH_INVALID_SERVER_METADATA':
        return new GatehouseError(
          'config',
          `${at}: its discovery document does not allow the ${action} (${error.message})`,
        );
      default:
        return new GatehouseError('refused', `${at}: the ${action} failed (${redact(error.message, secrets)})`);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatehouseError('internal', `the ${action} at ${issuer} failed: ${redact(message, secrets)}`);
}
