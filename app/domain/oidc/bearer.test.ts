import { describe, expect, it } from 'vitest';
import { bearerToken, inspectHeader, MAX_TOKEN_BYTES } from './bearer';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: unknown, payload: unknown = { sub: 'x' }, sig = 'c2ln'): string => `${b64(header)}.${b64(payload)}.${sig}`;

describe('bearerToken', () => {
  it('takes the token of "Bearer <token>", the scheme in any case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('BEARER  abc ')).toBe('abc');
  });
  it('says missing when there is no header or it is empty', () => {
    expect(bearerToken(undefined)).toMatchObject({ reason: 'missing' });
    expect(bearerToken('  ')).toMatchObject({ reason: 'missing' });
  });
  it('says malformed for other schemes and stray parts, without echoing them', () => {
    for (const h of ['Basic YWxpY2U6cHc=', 'Bearer', 'Bearer a b', 'Bearerabc', 'Token abc']) {
      const r = bearerToken(h);
      expect(r).toMatchObject({ reason: 'malformed' });
      expect(JSON.stringify(r)).not.toContain('YWxpY2U6cHc');
    }
  });
});

describe('inspectHeader', () => {
  it('accepts each allowed asymmetric algorithm and keeps the key id', () => {
    for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']) {
      expect(inspectHeader(jwt({ alg, kid: 'k1', typ: 'JWT' }))).toEqual({ alg, kid: 'k1' });
    }
    expect(inspectHeader(jwt({ alg: 'RS256' }))).toEqual({ alg: 'RS256' });
  });
  it('refuses none, symmetric and unknown algorithms as alg-not-allowed', () => {
    for (const alg of ['none', 'None', 'HS256', 'HS384', 'HS512', 'EdDSA', 'ES256K', '', 42, null]) {
      expect(inspectHeader(jwt({ alg }, { sub: 'x' }, ''))).toMatchObject({ reason: 'alg-not-allowed' });
    }
    expect(inspectHeader(jwt({ typ: 'JWT' }))).toMatchObject({ reason: 'alg-not-allowed' });
  });
  it('refuses tokens of another type (access, logout) as wrong-type; JWT in any case is fine', () => {
    expect(inspectHeader(jwt({ alg: 'RS256', typ: 'at+jwt' }))).toMatchObject({ reason: 'wrong-type' });
    expect(inspectHeader(jwt({ alg: 'RS256', typ: 'logout+jwt' }))).toMatchObject({ reason: 'wrong-type' });
    expect(inspectHeader(jwt({ alg: 'RS256', typ: 7 }))).toMatchObject({ reason: 'wrong-type' });
    expect(inspectHeader(jwt({ alg: 'RS256', typ: 'jwt' }))).toEqual({ alg: 'RS256' });
    expect(inspectHeader(jwt({ alg: 'RS256', typ: 'application/jwt' }))).toEqual({ alg: 'RS256' });
  });
  it('says malformed for opaque tokens, JWE, bad base64url or JSON, crit, a non-string kid, huge tokens', () => {
    const cases = [
      'Zm9vYmFyYmF6cXV4', // an opaque refresh token
      'a.b',
      'a.b.c.d',
      `${b64({ alg: 'RSA-OAEP' })}.a.b.c.d`,
      `${b64({ alg: 'RS256' })}.pay load.sig`,
      `${Buffer.from('not json').toString('base64url')}.e30.sig`,
      `${b64([1, 2])}.e30.sig`,
      jwt({ alg: 'RS256', crit: ['b64'], b64: false }),
      jwt({ alg: 'RS256', kid: 5 }),
      jwt({ alg: 'RS256' }, { pad: 'x'.repeat(MAX_TOKEN_BYTES) }),
    ];
    for (const token of cases) expect(inspectHeader(token), token.slice(0, 40)).toMatchObject({ reason: 'malformed' });
  });
});
