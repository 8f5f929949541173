import { describe, expect, it } from 'vitest';
import { BEARER_SUBPROTOCOL_PREFIX, newLocalToken, presentedCredential, tokenMatches } from './local-auth';

describe('local token', () => {
  it('is at least 256 bits of randomness, URL-safe', () => {
    const token = newLocalToken();
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(newLocalToken()).not.toBe(token);
  });

  it('is read from the Authorization header', () => {
    expect(presentedCredential('Bearer abc', undefined)).toEqual({ token: 'abc', remainingSubprotocols: null });
    expect(presentedCredential('bearer   abc ', undefined).token).toBe('abc');
    expect(presentedCredential('Basic abc', undefined).token).toBeNull();
    expect(presentedCredential(undefined, undefined).token).toBeNull();
  });

  it('is read from the websocket subprotocol, which is then removed from the list', () => {
    const entry = BEARER_SUBPROTOCOL_PREFIX + Buffer.from('s3cret').toString('base64url');
    expect(presentedCredential(undefined, `v5.channel.k8s.io, ${entry}, v4.channel.k8s.io`)).toEqual({
      token: 's3cret',
      remainingSubprotocols: 'v5.channel.k8s.io, v4.channel.k8s.io',
    });
  });

  it('prefers the header when both are present, and still removes the subprotocol entry', () => {
    const entry = BEARER_SUBPROTOCOL_PREFIX + Buffer.from('other').toString('base64url');
    expect(presentedCredential('Bearer header', entry)).toEqual({ token: 'header', remainingSubprotocols: '' });
  });

  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
  });
});
