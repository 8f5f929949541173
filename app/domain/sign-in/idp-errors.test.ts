// openid-client's failures → Gatehouse's kinds, one table; no message carries a secret.
import { ClientError, ResponseBodyError } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { GatehouseError, type ErrorKind } from '../../../shared/errors';
import { idpFailure, redact, type IdpAction } from './idp-errors';

const ISSUER = 'https://idp.example';
const REFRESH = 'rt-0123456789abcdefghij';

const body = (status: number, error: string, description?: string): ResponseBodyError =>
  new ResponseBodyError('server responded with an error in the response body', {
    cause: { error, ...(description ? { error_description: description } : {}) },
    response: new Response(null, { status }),
  });
const client = (code: string, cause?: unknown): ClientError => new ClientError('x', { cause, code } as ErrorOptions);

describe('idpFailure', () => {
  const table: [string, unknown, IdpAction, ErrorKind, string][] = [
    [
      'invalid_grant on refresh',
      body(400, 'invalid_grant', 'grant request is invalid'),
      'refresh',
      'not-signed-in',
      `the sign-in at ${ISSUER} has ended: run "gatehouse login"`,
    ],
    [
      'invalid_client on refresh',
      body(401, 'invalid_client'),
      'refresh',
      'refused',
      `the identity provider ${ISSUER} refused the refresh: invalid_client`,
    ],
    [
      'invalid_grant on sign-in (a used code)',
      body(400, 'invalid_grant', 'code already used'),
      'sign-in',
      'refused',
      `the identity provider ${ISSUER} refused the sign-in: invalid_grant (code already used)`,
    ],
    [
      'a 5xx error body',
      body(503, 'temporarily_unavailable'),
      'refresh',
      'unavailable',
      `the identity provider ${ISSUER} failed the refresh: HTTP 503 temporarily_unavailable`,
    ],
    [
      'device: denied',
      body(400, 'access_denied'),
      'device sign-in',
      'refused',
      `the sign-in at ${ISSUER} was denied on the other device`,
    ],
    [
      'device: expired code',
      body(400, 'expired_token'),
      'device sign-in',
      'refused',
      `the code was not approved in time at ${ISSUER}: start the sign-in again`,
    ],
    [
      'a timeout',
      client('OAUTH_TIMEOUT'),
      'refresh',
      'unavailable',
      `cannot reach the identity provider ${ISSUER}: no answer in time (refresh)`,
    ],
    [
      'an unexpected 502',
      client('OAUTH_RESPONSE_IS_NOT_CONFORM', new Response(null, { status: 502 })),
      'refresh',
      'unavailable',
      `the identity provider ${ISSUER} answered the refresh with HTTP 502`,
    ],
    [
      'an unexpected 404',
      client('OAUTH_RESPONSE_IS_NOT_CONFORM', new Response(null, { status: 404 })),
      'sign-in',
      'refused',
      `the identity provider ${ISSUER} answered the sign-in with HTTP 404`,
    ],
    [
      'a nonce mismatch',
      client('OAUTH_JWT_CLAIM_COMPARISON_FAILED', { claim: 'nonce', expected: 'n-123' }),
      'sign-in',
      'refused',
      `the identity provider ${ISSUER}: its answer to the sign-in failed a check (nonce): refused`,
    ],
    [
      'an issuer mismatch at discovery',
      client('OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED', { attribute: 'issuer' }),
      'discovery',
      'config',
      `the identity provider ${ISSUER}: its discovery document names another issuer (they must be equal, character for character)`,
    ],
    [
      'our own fetch failing, wrapped',
      new ClientError('something went wrong', {
        cause: new GatehouseError(
          'unavailable',
          'cannot reach the identity provider https://idp.example/token: connect ECONNREFUSED',
        ),
      }),
      'refresh',
      'unavailable',
      'cannot reach the identity provider https://idp.example/token: connect ECONNREFUSED',
    ],
  ];
  it.each(table)('%s → %s', (_name, error, action, kind, message) => {
    expect(idpFailure(error, ISSUER, action)).toEqual(new GatehouseError(kind, message));
  });

  it('IdP text echoing a secret is redacted', () => {
    const error = idpFailure(body(400, 'invalid_request', `bad token ${REFRESH}`), ISSUER, 'revocation', [REFRESH]);
    expect(error.message).toBe(
      `the identity provider ${ISSUER} refused the revocation: invalid_request (bad token [redacted])`,
    );
  });
});

describe('redact', () => {
  it('replaces secrets, keeps one line, cuts long text', () => {
    expect(redact(`a ${REFRESH} b ${REFRESH}`, [REFRESH, null, undefined, 'short'])).toBe('a [redacted] b [redacted]');
    expect(redact('one\r\ntwo', [])).toBe('one two');
    expect(redact('x'.repeat(300), [])).toBe(`${'x'.repeat(200)}…`);
  });
});
