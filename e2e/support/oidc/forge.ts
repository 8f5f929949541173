// Attack tokens for tests of whatever verifies the test provider's ID tokens (the verifier itself,
// the gateway). Forgeries that must fail on a *claim* are signed with the provider's own private
// key (the test provider hands its keys to tests in signing-keys.json), so each one proves exactly
// the check it names and not merely "the signature is wrong".
import { createHmac, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CompactSign, importJWK } from 'jose';
import type { OidcProviderInfo } from './info';

export const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
export const jwtParts = (jwt: string): string[] => jwt.split('.');
export const payloadOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwtParts(jwt)[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
export const headerOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwtParts(jwt)[0] ?? '', 'base64url').toString()) as Record<string, unknown>;
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The provider's private signing keys (RS256 and ES256). */
export function providerSigningKeys(idp: OidcProviderInfo): JsonWebKey[] {
  return JSON.parse(readFileSync(idp.signingKeysFile, 'utf8')) as JsonWebKey[];
}

export function providerRsaKey(idp: OidcProviderInfo): JsonWebKey & { kid: string } {
  const key = providerSigningKeys(idp).find((k) => k.kty === 'RSA');
  if (!key || typeof key.kid !== 'string') throw new Error(`${idp.signingKeysFile}: no RSA key with a kid`);
  return { ...key, kid: key.kid };
}

/** Signs exactly `header` and `payload` with a private JWK. */
export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, jwk: JsonWebKey, alg = String(header.alg)): Promise<string> {
  const key = await importJWK(jwk as Parameters<typeof importJWK>[0], alg);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ ...header, alg }).sign(key);
}

/** A fresh RSA private key nobody trusts. */
export function otherRsaKey(): JsonWebKey {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
}

/** `token`'s claims changed by `change` (undefined removes a claim), re-signed with the provider's own RSA key. */
export function resignedByProvider(idp: OidcProviderInfo, token: string, change: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const key = providerRsaKey(idp);
  return signJwt({ alg: 'RS256', kid: key.kid, ...header }, { ...payloadOf(token), ...change }, key);
}

/** `token`'s claims signed by a key the provider never had, under the provider's key id. */
export function resignedByOtherKey(idp: OidcProviderInfo, token: string): Promise<string> {
  return signJwt({ alg: 'RS256', kid: providerRsaKey(idp).kid }, payloadOf(token), otherRsaKey());
}

/** `token`'s claims with `alg` (none, None, …) and no signature. */
export function unsigned(token: string, alg = 'none'): string {
  return `${b64json({ alg, typ: 'JWT' })}.${jwtParts(token)[1]}.`;
}

/** `token` with its payload changed and its original signature kept. */
export function tampered(token: string, change: Record<string, unknown>): string {
  const [header, , signature] = jwtParts(token);
  return `${header}.${b64json({ ...payloadOf(token), ...change })}.${signature}`;
}

/**
 * `token`'s claims under HS256 with the provider's *public* RSA key as the HMAC secret (the classic
 * algorithm confusion), in the two forms a careless verifier might use as the secret.
 */
export function hs256WithPublicKey(idp: OidcProviderInfo, token: string, form: 'pem' | 'jwk'): string {
  const rsa = providerRsaKey(idp);
  const { kty, n, e } = rsa;
  const secret = form === 'pem' ? createPublicKey({ key: rsa, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString() : JSON.stringify({ kty, n, e });
  const signingInput = `${b64json({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' })}.${jwtParts(token)[1]}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
