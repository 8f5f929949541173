import { describe, expect, it } from 'vitest';
import type { OidcIdentity } from './claims';
import { VERIFIED_TOKEN_TTL_MS, VerifiedTokens } from './verified-tokens';

const T0 = Date.parse('2026-12-03T10:00:00Z');

function identity(username: string, expiresInMs: number): OidcIdentity {
  return { username, groups: [], expiresAt: new Date(T0 + expiresInMs) };
}

function cache(options: { ttlMs?: number; maxEntries?: number } = {}): { tokens: VerifiedTokens; at: (ms: number) => void } {
  let now = T0;
  const tokens = new VerifiedTokens({ ...options, clockSkewSeconds: 30, now: () => now });
  return { tokens, at: (ms) => (now = T0 + ms) };
}

describe('VerifiedTokens', () => {
  it('gives back what a token verified to, for the TTL and not a millisecond longer', () => {
    const { tokens, at } = cache();
    const alice = identity('alice@example.com', 3_600_000);
    tokens.remember('token-a', alice);
    at(VERIFIED_TOKEN_TTL_MS - 1);
    expect(tokens.get('token-a')).toBe(alice);
    at(VERIFIED_TOKEN_TTL_MS);
    expect(tokens.get('token-a')).toBeUndefined();
    expect(tokens.size).toBe(0);
  });

  it('never past the token’s own expiry plus the clock skew (then it is verified afresh, and refused)', () => {
    const { tokens, at } = cache({ ttlMs: 60_000 });
    // exp in 5 s; the claims check accepts it for 30 s more.
    tokens.remember('token-a', identity('alice@example.com', 5_000));
    at(34_999);
    expect(tokens.get('token-a')?.username).toBe('alice@example.com');
    at(35_000);
    expect(tokens.get('token-a')).toBeUndefined();
  });

  it('does not keep a token that is already past its validity, nor anything with TTL 0', () => {
    const expired = cache();
    expired.tokens.remember('old', identity('alice@example.com', -31_000));
    expect(expired.tokens.size).toBe(0);
    const off = cache({ ttlMs: 0 });
    off.tokens.remember('token-a', identity('alice@example.com', 3_600_000));
    expect(off.tokens.get('token-a')).toBeUndefined();
  });

  it('tells tokens apart by their whole value (a token one character off is not the same)', () => {
    const { tokens } = cache();
    tokens.remember('header.payload.signature', identity('alice@example.com', 3_600_000));
    expect(tokens.get('header.payload.signaturX')).toBeUndefined();
    expect(tokens.get('header.payload.signature ')).toBeUndefined();
    expect(tokens.get('header.payload.signature')?.username).toBe('alice@example.com');
  });

  it('holds no token, only its hash', () => {
    const { tokens } = cache();
    tokens.remember('eyJsecret.eyJpayload.sig', identity('alice@example.com', 3_600_000));
    const keys = [...(tokens as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('eyJ');
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is bounded: past maxEntries the oldest goes first; one remembered again counts as new', () => {
    const { tokens } = cache({ maxEntries: 3 });
    for (const name of ['a', 'b', 'c']) tokens.remember(name, identity(name, 3_600_000));
    tokens.remember('a', identity('a', 3_600_000));
    tokens.remember('d', identity('d', 3_600_000));
    expect(tokens.size).toBe(3);
    expect(tokens.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((t) => tokens.get(t)?.username)).toEqual(['a', 'c', 'd']);
  });

  it('clear() forgets every token', () => {
    const { tokens } = cache();
    tokens.remember('token-a', identity('alice@example.com', 3_600_000));
    tokens.clear();
    expect(tokens.get('token-a')).toBeUndefined();
  });
});
