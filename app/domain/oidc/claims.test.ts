import { describe, expect, it } from 'vitest';
import { checkClaims, type ClaimRules } from './claims';

const NOW = 1_800_000_000;
const rules: ClaimRules = { issuer: 'https://idp.example.com/realms/acme', clientId: 'gatehouse', usernameClaim: 'email', groupsClaim: 'groups', clockSkewSeconds: 30 };
const good = {
  iss: 'https://idp.example.com/realms/acme',
  aud: 'gatehouse',
  sub: 'u-1',
  email: 'alice@example.com',
  email_verified: true,
  groups: ['Developers'],
  iat: NOW - 10,
  exp: NOW + 300,
};

describe('checkClaims', () => {
  it('gives the person, groups, subject and expiry of a good token', () => {
    expect(checkClaims(good, rules, NOW)).toEqual({ username: 'alice@example.com', groups: ['Developers'], subject: 'u-1', expiresAt: new Date((NOW + 300) * 1000) });
  });

  it('wants the issuer exactly (a trailing slash is another issuer)', () => {
    for (const iss of ['https://idp.example.com/realms/acme/', 'https://IDP.example.com/realms/acme', 'https://evil.example', undefined, ['https://idp.example.com/realms/acme']]) {
      expect(checkClaims({ ...good, iss }, rules, NOW)).toMatchObject({ reason: 'wrong-issuer' });
    }
  });

  it('wants the client id among the audiences, and azp to be it when there are several', () => {
    expect(checkClaims({ ...good, aud: 'other' }, rules, NOW)).toMatchObject({ reason: 'wrong-audience' });
    expect(checkClaims({ ...good, aud: undefined }, rules, NOW)).toMatchObject({ reason: 'wrong-audience' });
    expect(checkClaims({ ...good, aud: [1] }, rules, NOW)).toMatchObject({ reason: 'wrong-audience' });
    expect(checkClaims({ ...good, aud: ['other', 'gatehouse'] }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
    expect(checkClaims({ ...good, aud: ['other', 'gatehouse'], azp: 'other' }, rules, NOW)).toMatchObject({ reason: 'wrong-audience' });
    expect(checkClaims({ ...good, aud: ['other', 'gatehouse'], azp: 'gatehouse' }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
  });

  it('refuses Keycloak-style tokens of another type (a refresh token with our audience)', () => {
    expect(checkClaims({ ...good, typ: 'Refresh' }, rules, NOW)).toMatchObject({ reason: 'wrong-type' });
    expect(checkClaims({ ...good, typ: 'Bearer' }, rules, NOW)).toMatchObject({ reason: 'wrong-type' });
    expect(checkClaims({ ...good, typ: 'ID' }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
  });

  it('applies exp, nbf and iat with the clock skew, at its edges', () => {
    expect(checkClaims({ ...good, exp: NOW - 30 }, rules, NOW)).toMatchObject({ reason: 'expired' });
    expect(checkClaims({ ...good, exp: NOW - 29 }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
    expect(checkClaims({ ...good, nbf: NOW + 31 }, rules, NOW)).toMatchObject({ reason: 'not-yet-valid' });
    expect(checkClaims({ ...good, nbf: NOW + 30 }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
    expect(checkClaims({ ...good, iat: NOW + 31 }, rules, NOW)).toMatchObject({ reason: 'not-yet-valid' });
    expect(checkClaims({ ...good, iat: NOW + 30 }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
    expect(checkClaims({ ...good, exp: NOW - 1 }, { ...rules, clockSkewSeconds: 0 }, NOW)).toMatchObject({ reason: 'expired' });
  });

  it('wants exp, and numbers for the time claims', () => {
    expect(checkClaims({ ...good, exp: undefined }, rules, NOW)).toMatchObject({ reason: 'malformed' });
    expect(checkClaims({ ...good, exp: String(NOW + 300) }, rules, NOW)).toMatchObject({ reason: 'malformed' });
    expect(checkClaims({ ...good, nbf: 'soon' }, rules, NOW)).toMatchObject({ reason: 'malformed' });
    expect(checkClaims({ ...good, iat: null }, rules, NOW)).toMatchObject({ reason: 'malformed' });
  });

  it('refuses an email the issuer says is not verified, when the email is the username', () => {
    expect(checkClaims({ ...good, email_verified: false }, rules, NOW)).toMatchObject({ reason: 'unverified-email' });
    expect(checkClaims({ ...good, email_verified: 'false' }, rules, NOW)).toMatchObject({ reason: 'unverified-email' });
    // Issuers that do not say (Entra ID) are trusted, as the API server does.
    expect(checkClaims({ ...good, email_verified: undefined }, rules, NOW)).toMatchObject({ username: 'alice@example.com' });
    // Another username claim: the email's state is not the gateway's business.
    expect(checkClaims({ ...good, email_verified: false, preferred_username: 'alice' }, { ...rules, usernameClaim: 'preferred_username' }, NOW)).toMatchObject({ username: 'alice' });
  });

  it('says no-username when the username claim is absent, empty or not a string', () => {
    for (const email of [undefined, '', '  ', 42, ['alice@example.com']]) {
      expect(checkClaims({ ...good, email }, rules, NOW)).toMatchObject({ reason: 'no-username' });
    }
  });

  it('takes groups as a list or a single string, none when the claim is unset; refuses other shapes', () => {
    expect(checkClaims({ ...good, groups: 'Developers' }, rules, NOW)).toMatchObject({ groups: ['Developers'] });
    expect(checkClaims({ ...good, groups: undefined }, rules, NOW)).toMatchObject({ groups: [] });
    expect(checkClaims(good, { ...rules, groupsClaim: undefined }, NOW)).toMatchObject({ groups: [] });
    expect(checkClaims({ ...good, groups: [1, 2] }, rules, NOW)).toMatchObject({ reason: 'malformed' });
    expect(checkClaims({ ...good, groups: { a: 1 } }, rules, NOW)).toMatchObject({ reason: 'malformed' });
  });

  it('quotes claim values short in messages', () => {
    const r = checkClaims({ ...good, iss: `https://${'x'.repeat(500)}` }, rules, NOW);
    expect(r).toMatchObject({ reason: 'wrong-issuer' });
    expect('message' in r && r.message.length).toBeLessThan(220);
  });
});
