import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { candidates, KeySet, parseJwks } from './key-set';

function rsa(kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }), kid, ...extra };
}
function ec(kid: string, namedCurve = 'P-256'): Record<string, unknown> {
  return { ...generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' }), kid };
}
const R1 = rsa('r1');
const E1 = ec('e1');

describe('parseJwks', () => {
  it('keeps RSA and EC signature keys with their public members only', () => {
    const priv = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'p' };
    const entries = parseJwks({ keys: [R1, E1, priv] });
    expect(entries.map((e) => e.kid)).toEqual(['r1', 'e1', 'p']);
    expect(Object.keys(entries[2]?.jwk ?? {}).sort()).toEqual(['e', 'kty', 'n']);
  });
  it('skips encryption, symmetric, OKP and broken entries', () => {
    const okp = { ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid: 'ed' };
    const entries = parseJwks({ keys: [rsa('enc', { use: 'enc' }), rsa('ops', { key_ops: ['encrypt'] }), { kty: 'oct', k: 'c2VjcmV0', kid: 'hs' }, okp, { kty: 'RSA', kid: 'no-n', e: 'AQAB' }, null, 'x', R1] });
    expect(entries.map((e) => e.kid)).toEqual(['r1']);
  });
  it('refuses what is not a key set', () => {
    expect(() => parseJwks({})).toThrow(/no "keys" array/);
    expect(() => parseJwks(null)).toThrow(/no "keys" array/);
  });
});

describe('candidates', () => {
  const entries = parseJwks({ keys: [R1, E1, ec('e384', 'P-384'), rsa('ps', { alg: 'PS256' })] });
  it('matches key id and key type/curve to the algorithm', () => {
    expect(candidates(entries, { alg: 'RS256', kid: 'r1' }).map((e) => e.kid)).toEqual(['r1']);
    expect(candidates(entries, { alg: 'ES256', kid: 'r1' })).toEqual([]);
    expect(candidates(entries, { alg: 'ES384', kid: 'e1' })).toEqual([]);
    expect(candidates(entries, { alg: 'ES384' }).map((e) => e.kid)).toEqual(['e384']);
  });
  it('honours a key that names its algorithm', () => {
    expect(candidates(entries, { alg: 'RS256', kid: 'ps' })).toEqual([]);
    expect(candidates(entries, { alg: 'PS256', kid: 'ps' }).map((e) => e.kid)).toEqual(['ps']);
  });
  it('without a key id, offers every compatible key', () => {
    expect(candidates(entries, { alg: 'RS512' }).map((e) => e.kid)).toEqual(['r1']);
  });
});

describe('KeySet', () => {
  function setup(documents: unknown[]) {
    let clock = 1_000_000;
    let fetches = 0;
    const set = new KeySet({
      fetchKeys: async () => {
        const doc = documents[Math.min(fetches, documents.length - 1)];
        fetches++;
        if (doc instanceof Error) throw doc;
        return doc;
      },
      minRefetchIntervalMs: 10_000,
      now: () => clock,
    });
    return { set, fetches: () => fetches, advance: (ms: number) => (clock += ms) };
  }

  it('refetches on an unknown key id and finds a rotated-in key', async () => {
    const t = setup([{ keys: [R1] }, { keys: [R1, rsa('r2')] }]);
    await t.set.load();
    t.advance(10_000);
    expect(await t.set.keysFor({ alg: 'RS256', kid: 'r2' })).toHaveLength(1);
    expect(t.fetches()).toBe(2);
  });

  it('refetches at most once per interval, however many unknown key ids arrive', async () => {
    const t = setup([{ keys: [R1] }]);
    await t.set.load();
    t.advance(10_000);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.set.keysFor({ alg: 'RS256', kid: `nope-${i}` })));
    expect(results.every((r) => r.length === 0)).toBe(true);
    expect(t.fetches()).toBe(2);
    t.advance(9_999);
    await t.set.keysFor({ alg: 'RS256', kid: 'nope' });
    expect(t.fetches()).toBe(2);
    t.advance(1);
    await t.set.keysFor({ alg: 'RS256', kid: 'nope' });
    expect(t.fetches()).toBe(3);
  });

  it('does not refetch for a known key', async () => {
    const t = setup([{ keys: [R1] }]);
    await t.set.load();
    t.advance(60_000);
    expect(await t.set.keysFor({ alg: 'RS256', kid: 'r1' })).toHaveLength(1);
    expect(t.fetches()).toBe(1);
  });

  it('keeps the keys it had when a refetch fails, and says so in its status', async () => {
    const t = setup([{ keys: [R1] }, new Error('connect ECONNREFUSED')]);
    await t.set.load();
    t.advance(10_000);
    expect(await t.set.keysFor({ alg: 'RS256', kid: 'r2' })).toEqual([]);
    expect(await t.set.keysFor({ alg: 'RS256', kid: 'r1' })).toHaveLength(1);
    expect(t.set.status()).toMatchObject({ keys: 1, lastError: expect.stringContaining('ECONNREFUSED') });
  });

  it('load fails when the first fetch fails or brings no usable key', async () => {
    await expect(setup([new Error('HTTP 500')]).set.load()).rejects.toThrow(/fetching the issuer's keys: HTTP 500/);
    await expect(setup([{ keys: [{ kty: 'oct', k: 'eA' }] }]).set.load()).rejects.toThrow(/no usable signature keys/);
  });
});
