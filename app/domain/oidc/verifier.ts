// Verifies the people's OIDC ID tokens for the gateway (SPEC §10): the issuer's discovery and
// keys, fetched once at start (the gateway is not ready before) and kept; then per request the
// header (allowed asymmetric algorithm, type), the signature (jose, with a key from the issuer's
// JWKS — never one the token names or carries), and the claims (claims.ts). A token that verified
// is not verified again for a few seconds (verified-tokens.ts), unless the keys changed meanwhile.
import { readFileSync } from 'node:fs';
import { compactVerify } from 'jose';
import { bearerToken, inspectHeader } from './bearer';
import { checkClaims, type ClaimRules, type OidcIdentity } from './claims';
import { discover, type IssuerMetadata } from './discovery';
import { httpsJsonFetcher } from './https-json';
import { KeySet, type KeySetStatus } from './key-set';
import { isRejection, reject, type TokenRejection } from './rejection';
import { VerifiedTokens } from './verified-tokens';

export interface OidcVerifierConfig {
  /** Exactly as the IdP's discovery document names it (no trailing slash added or removed). */
  issuer: string;
  /** The ID token's audience: the client the desktop signs in with. */
  clientId: string;
  /** A PEM file of the CA(s) that issued the IdP's TLS certificate; then only those are trusted. */
  caFile?: string;
  /** Default `email`. */
  usernameClaim?: string;
  groupsClaim?: string;
  /** Default 30. */
  clockSkewSeconds?: number;
  /** Unknown key ids refetch the JWKS at most this often. Default 10 000. */
  keyRefetchIntervalMs?: number;
  /** Per fetch of discovery or keys. Default 10 000. */
  fetchTimeoutMs?: number;
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
  /** How long a token that verified is taken as verified. Default 10 000 (as kube-apiserver); 0: never. */
  verifiedTtlMs?: number;
}

export type VerifyOutcome = { ok: true; identity: OidcIdentity } | { ok: false; rejection: TokenRejection };

export interface OidcVerifier {
  readonly metadata: IssuerMetadata;
  /** An `Authorization` header value (or its absence). */
  verifyAuthorization(authorization: string | undefined): Promise<VerifyOutcome>;
  verifyToken(token: string): Promise<VerifyOutcome>;
  /** For /readyz: keys held, when fetched, the last fetch's error. */
  keyStatus(): KeySetStatus;
}

const MAX_DOCUMENT_BYTES = 1024 * 1024;

function readCa(caFile: string): string {
  try {
    const pem = readFileSync(caFile, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate in it');
    return pem;
  } catch (error) {
    throw new Error(`oidc.caFile ${caFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function fail(rejection: TokenRejection): VerifyOutcome {
  return { ok: false, rejection };
}

/**
 * Fetches the issuer's discovery document and keys; throws (with the URL and the problem) when
 * either fails or the issuer is not https.
 */
export async function createOidcVerifier(config: OidcVerifierConfig): Promise<OidcVerifier> {
  if (!config.issuer.startsWith('https://')) throw new Error(`oidc.issuer ${JSON.stringify(config.issuer)}: must be an https:// URL`);
  if (config.clientId === '') throw new Error('oidc.clientId: must not be empty');
  const now = config.now ?? Date.now;
  const fetchJson = httpsJsonFetcher({
    ...(config.caFile ? { ca: readCa(config.caFile) } : {}),
    timeoutMs: config.fetchTimeoutMs ?? 10_000,
    maxBytes: MAX_DOCUMENT_BYTES,
  });
  const metadata = await discover(config.issuer, fetchJson);
  const keys = new KeySet({ fetchKeys: () => fetchJson(metadata.jwksUri), minRefetchIntervalMs: config.keyRefetchIntervalMs ?? 10_000, now });
  await keys.load();
  const rules: ClaimRules = {
    issuer: config.issuer,
    clientId: config.clientId,
    usernameClaim: config.usernameClaim ?? 'email',
    ...(config.groupsClaim ? { groupsClaim: config.groupsClaim } : {}),
    clockSkewSeconds: config.clockSkewSeconds ?? 30,
  };
  const verified = new VerifiedTokens({ ttlMs: config.verifiedTtlMs, clockSkewSeconds: rules.clockSkewSeconds, now });
  let keyGeneration = keys.generation;

  async function verifyToken(token: string): Promise<VerifyOutcome> {
    if (keys.generation !== keyGeneration) {
      verified.clear();
      keyGeneration = keys.generation;
    }
    const known = verified.get(token);
    if (known !== undefined) return { ok: true, identity: known };
    const outcome = await verifyAfresh(token);
    // Remembered only if the keys it verified with are still the ones held.
    if (outcome.ok && keys.generation === keyGeneration) verified.remember(token, outcome.identity);
    return outcome;
  }

  async function verifyAfresh(token: string): Promise<VerifyOutcome> {
    const header = inspectHeader(token);
    if (isRejection(header)) return fail(header);
    const candidates = await keys.keysFor(header);
    if (candidates.length === 0) {
      return fail(reject('unknown-key', `the issuer has no ${header.alg} key${header.kid === undefined ? '' : ` with this key id`}`));
    }
    let payloadBytes: Uint8Array | undefined;
    for (const key of candidates) {
      try {
        payloadBytes = (await compactVerify(token, key, { algorithms: [header.alg] })).payload;
        break;
      } catch {
        // The next candidate (several only when the token names no key id), else bad-signature.
      }
    }
    if (!payloadBytes) return fail(reject('bad-signature', `the signature does not verify with the issuer's ${header.alg} key`));
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(payloadBytes));
    } catch {
      return fail(reject('malformed', 'the token payload is not JSON'));
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return fail(reject('malformed', 'the token payload is not a JSON object'));
    const identity = checkClaims(payload as Record<string, unknown>, rules, now() / 1000);
    return isRejection(identity) ? fail(identity) : { ok: true, identity };
  }

  return {
    metadata,
    verifyToken,
    async verifyAuthorization(authorization) {
      const token = bearerToken(authorization);
      return typeof token === 'string' ? verifyToken(token) : fail(token);
    },
    keyStatus: () => keys.status(),
  };
}
