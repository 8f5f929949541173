// The gateway's ID token verifier (app/domain/oidc) against a real OpenID provider (the test
// provider, oidc-provider, started once per run): its real tokens verify, through discovery, its
// JWKS and its private CA; tokens forged by this test are refused, each for its own reason, and
// no refusal's message contains the token. Forgeries that must fail on a *claim* are signed with
// the provider's own key (the test provider hands its keys to tests), so each proves exactly the
// check it names and not merely "the signature is wrong".
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createOidcVerifier, type OidcVerifier, type VerifyOutcome } from '../../app/domain/oidc/verifier';
import type { TokenFailureReason } from '../../app/domain/oidc/rejection';
import { hs256WithPublicKey, jwtParts as partsOf, nowSeconds, otherRsaKey, payloadOf, providerRsaKey, resignedByProvider, signJwt as sign, tampered, unsigned } from '../support/oidc/forge';
import { approveDevice, pollDeviceToken, refreshTokens, signIn, startDeviceAuthorization, type TokenSet } from '../support/oidc/tokens';

const idp = inject('oidc');
const rsaKid = providerRsaKey(idp).kid;

let verifier: OidcVerifier;
let alice: TokenSet;

/** A token the provider's own RSA key signed, with alice's real claims changed by `change`. */
function withProviderKey(change: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return resignedByProvider(idp, alice.idToken, change, header);
}

function expectRefused(outcome: VerifyOutcome, reason: TokenFailureReason, token: string): void {
  if (outcome.ok) throw new Error(`expected ${reason}, but the token was accepted for ${outcome.identity.username}`);
  expect(outcome.rejection.reason, outcome.rejection.message).toBe(reason);
  expect(outcome.rejection.message.length).toBeGreaterThan(10);
  // Never the token, nor any part of it (the signature alone would do for a replay of a log line).
  if (token) expect(outcome.rejection.message).not.toContain(token);
  for (const part of partsOf(token)) if (part.length >= 8) expect(outcome.rejection.message).not.toContain(part);
}

beforeAll(async () => {
  verifier = await createOidcVerifier({ issuer: idp.issuer, clientId: idp.clientId, caFile: idp.caFile, groupsClaim: 'groups' });
  alice = await signIn(idp, 'alice@example.com');
});

describe('real tokens from the provider', () => {
  it('an RS256 ID token verifies to the person, groups, subject and expiry', async () => {
    const outcome = await verifier.verifyAuthorization(`Bearer ${alice.idToken}`);
    expect(outcome).toEqual({
      ok: true,
      identity: { username: 'alice@example.com', groups: ['Developers', 'idp-everyone'], subject: 'u-1001', expiresAt: new Date(Number(payloadOf(alice.idToken).exp) * 1000) },
    });
    expect(JSON.parse(Buffer.from(partsOf(alice.idToken)[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: rsaKid });
  });

  it('an ES256 ID token verifies (a client whose tokens are signed with the EC key)', async () => {
    const es = await createOidcVerifier({ issuer: idp.issuer, clientId: idp.es256ClientId, caFile: idp.caFile });
    const tokens = await signIn(idp, 'carol@example.com', { clientId: idp.es256ClientId });
    expect(JSON.parse(Buffer.from(partsOf(tokens.idToken)[0] ?? '', 'base64url').toString())).toMatchObject({ alg: 'ES256' });
    expect(await es.verifyToken(tokens.idToken)).toMatchObject({ ok: true, identity: { username: 'carol@example.com', groups: [] } });
  });

  it('the ID token of a refresh verifies, as does one from the device flow', async () => {
    const bob = await signIn(idp, 'bob@example.com');
    const refreshed = await refreshTokens(idp, bob.refreshToken!);
    expect(await verifier.verifyToken(refreshed.idToken)).toMatchObject({ ok: true, identity: { username: 'bob@example.com' } });

    const device = await startDeviceAuthorization(idp);
    expect(await pollDeviceToken(idp, device.deviceCode)).toBe('pending');
    await approveDevice(idp, device.verificationUriComplete, 'erin@example.com');
    const tokens = await pollDeviceToken(idp, device.deviceCode);
    if (tokens === 'pending') throw new Error('device flow still pending after approval');
    expect(await verifier.verifyToken(tokens.idToken)).toMatchObject({ ok: true, identity: { username: 'erin@example.com', groups: ['Platform Team', 'idp-everyone'] } });
  });

  it('fetched discovery and keys at start: the JWKS has the RS256 and ES256 keys', () => {
    expect(verifier.metadata).toEqual({ issuer: idp.issuer, jwksUri: `${idp.issuer}/jwks` });
    expect(verifier.keyStatus()).toMatchObject({ keys: 2, fetchedAt: expect.any(Date) });
    expect(verifier.keyStatus().lastError).toBeUndefined();
  });
});

describe('setup refusals', () => {
  it('without caFile the provider is not trusted (its CA is nobody else\'s): start fails naming the URL', async () => {
    await expect(createOidcVerifier({ issuer: idp.issuer, clientId: idp.clientId })).rejects.toThrow(`${idp.issuer}/.well-known/openid-configuration`);
  });
  it('an issuer one slash off the discovery document\'s fails to start, saying both', async () => {
    await expect(createOidcVerifier({ issuer: `${idp.issuer}/`, clientId: idp.clientId, caFile: idp.caFile })).rejects.toThrow(`names issuer "${idp.issuer}", not the configured "${idp.issuer}/"`);
  });
  it('an http issuer or a missing caFile is a configuration error', async () => {
    await expect(createOidcVerifier({ issuer: idp.issuer.replace('https:', 'http:'), clientId: idp.clientId })).rejects.toThrow(/must be an https:\/\/ URL/);
    await expect(createOidcVerifier({ issuer: idp.issuer, clientId: idp.clientId, caFile: '/nonexistent/ca.pem' })).rejects.toThrow(/oidc.caFile \/nonexistent\/ca.pem/);
  });
});

describe('forged and misused tokens are refused, each for its reason', () => {
  it('alg none (alice\'s real claims, no signature)', async () => {
    for (const alg of ['none', 'None', 'NONE']) {
      const token = unsigned(alice.idToken, alg);
      expectRefused(await verifier.verifyToken(token), 'alg-not-allowed', token);
    }
  });

  it('re-signed by another key with the provider\'s key id', async () => {
    const token = await sign({ alg: 'RS256', kid: rsaKid }, payloadOf(alice.idToken), otherRsaKey());
    expectRefused(await verifier.verifyToken(token), 'bad-signature', token);
  });

  it('signed by another key that the header carries itself (jwk) or points to (jku): neither is used', async () => {
    const attacker = otherRsaKey();
    const { n, e, kty } = attacker;
    const token = await sign({ alg: 'RS256', kid: rsaKid, jwk: { kty, n, e }, jku: 'https://evil.example/jwks' }, payloadOf(alice.idToken), attacker);
    expectRefused(await verifier.verifyToken(token), 'bad-signature', token);
  });

  it('a tampered payload (alice\'s token made into dave\'s)', async () => {
    const token = tampered(alice.idToken, { email: 'dave@example.com' });
    expectRefused(await verifier.verifyToken(token), 'bad-signature', token);
  });

  it('HS256 with the provider\'s public key as the HMAC secret (PEM and JWK forms)', async () => {
    for (const form of ['pem', 'jwk'] as const) {
      const token = hs256WithPublicKey(idp, alice.idToken, form);
      expectRefused(await verifier.verifyToken(token), 'alg-not-allowed', token);
    }
  });

  it('a wrong audience: the provider\'s real token for another client, and a forged one', async () => {
    const other = await signIn(idp, 'alice@example.com', { clientId: idp.es256ClientId });
    expectRefused(await verifier.verifyToken(other.idToken), 'wrong-audience', other.idToken);
    const token = await withProviderKey({ aud: 'kubernetes' });
    expectRefused(await verifier.verifyToken(token), 'wrong-audience', token);
  });

  it('a wrong issuer', async () => {
    for (const iss of ['https://evil.example', `${idp.issuer}/`]) {
      const token = await withProviderKey({ iss });
      expectRefused(await verifier.verifyToken(token), 'wrong-issuer', token);
    }
  });

  it('expired: forged with the provider\'s key, and a real token once the clock has passed it', async () => {
    const token = await withProviderKey({ iat: nowSeconds() - 3600, exp: nowSeconds() - 120 });
    expectRefused(await verifier.verifyToken(token), 'expired', token);
    const later = await createOidcVerifier({ issuer: idp.issuer, clientId: idp.clientId, caFile: idp.caFile, now: () => Date.now() + (idp.lifetimes.idToken + 31) * 1000 });
    expectRefused(await later.verifyToken(alice.idToken), 'expired', alice.idToken);
  });

  it('a token that verified is remembered, but never once it has expired', async () => {
    let offsetMs = 0;
    const clocked = await createOidcVerifier({ issuer: idp.issuer, clientId: idp.clientId, caFile: idp.caFile, now: () => Date.now() + offsetMs });
    expect((await clocked.verifyToken(alice.idToken)).ok).toBe(true);
    // Remembered: the same answer again, and a token one signature byte off is still refused.
    expect((await clocked.verifyToken(alice.idToken)).ok).toBe(true);
    const forged = tampered(alice.idToken, { email: 'dave@example.com' });
    expectRefused(await clocked.verifyToken(forged), 'bad-signature', forged);
    offsetMs = (idp.lifetimes.idToken + 31) * 1000;
    expectRefused(await clocked.verifyToken(alice.idToken), 'expired', alice.idToken);
  });

  it('not yet valid (nbf, or iat, beyond the clock skew)', async () => {
    const nbf = await withProviderKey({ nbf: nowSeconds() + 600, exp: nowSeconds() + 1200 });
    expectRefused(await verifier.verifyToken(nbf), 'not-yet-valid', nbf);
    const iat = await withProviderKey({ iat: nowSeconds() + 600, exp: nowSeconds() + 1200 });
    expectRefused(await verifier.verifyToken(iat), 'not-yet-valid', iat);
  });

  it('the provider\'s refresh and access tokens used as bearer (opaque)', async () => {
    expectRefused(await verifier.verifyAuthorization(`Bearer ${alice.refreshToken!}`), 'malformed', alice.refreshToken!);
    expectRefused(await verifier.verifyAuthorization(`Bearer ${alice.accessToken}`), 'malformed', alice.accessToken);
  });

  it('JWT refresh/access tokens of the same issuer: Keycloak-style refresh (its audience) and an RFC 9068 access token (ours)', async () => {
    const refresh = await withProviderKey({ typ: 'Refresh', aud: idp.issuer });
    expectRefused(await verifier.verifyToken(refresh), 'wrong-audience', refresh);
    const refreshForUs = await withProviderKey({ typ: 'Refresh' });
    expectRefused(await verifier.verifyToken(refreshForUs), 'wrong-type', refreshForUs);
    const access = await withProviderKey({}, { typ: 'at+jwt' });
    expectRefused(await verifier.verifyToken(access), 'wrong-type', access);
  });

  it('an email the provider says is unverified (an account claiming bob@example.com)', async () => {
    const tokens = await signIn(idp, 'unverified-bob');
    expect(payloadOf(tokens.idToken)).toMatchObject({ email: 'bob@example.com', email_verified: false });
    expectRefused(await verifier.verifyToken(tokens.idToken), 'unverified-email', tokens.idToken);
  });

  it('no username claim', async () => {
    const token = await withProviderKey({ email: undefined, email_verified: undefined });
    expectRefused(await verifier.verifyToken(token), 'no-username', token);
  });

  it('a key id the provider does not have (after one refetch)', async () => {
    const token = await sign({ alg: 'RS256', kid: 'rotated-away' }, payloadOf(alice.idToken), otherRsaKey());
    expectRefused(await verifier.verifyToken(token), 'unknown-key', token);
    const es512 = await sign({ alg: 'ES512' }, payloadOf(alice.idToken), generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ format: 'jwk' }));
    expectRefused(await verifier.verifyToken(es512), 'unknown-key', es512);
  });

  it('garbage, no token and other schemes', async () => {
    for (const header of ['Bearer garbage', 'Bearer a.b.c', `Bearer ${'x'.repeat(20_000)}`, 'Bearer eyJhbGciOi.eyJzdWIi.', `Bearer ${Buffer.from('\u0000\u00ff').toString('base64url')}`]) {
      expectRefused(await verifier.verifyAuthorization(header), 'malformed', header.slice('Bearer '.length));
    }
    expectRefused(await verifier.verifyAuthorization(`Basic ${Buffer.from('alice:pw').toString('base64')}`), 'malformed', 'YWxpY2U6cHc=');
    expectRefused(await verifier.verifyAuthorization(undefined), 'missing', '');
    expectRefused(await verifier.verifyAuthorization(''), 'missing', '');
  });

  it('the real token still verifies after all that (no state was poisoned)', async () => {
    expect(await verifier.verifyToken(alice.idToken)).toMatchObject({ ok: true, identity: { username: 'alice@example.com' } });
  });
});
