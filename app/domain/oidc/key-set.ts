// The issuer's signing keys (its JWKS), cached. A token naming a key id we do not have makes us
// fetch the set again — the issuer may have rotated keys — but at most once per interval, so a
// stream of tokens with made-up key ids cannot turn the gateway into a load generator against the
// IdP. A failed refetch keeps the keys we had.
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { AllowedAlgorithm, TokenHeader } from './bearer';

export interface PublicKeyEntry {
  kid?: string;
  /** The JWK's own `alg`, when it names one: then only that algorithm may use it. */
  alg?: string;
  /** Public members only: private parts an IdP should never publish are not even read. */
  jwk: JWK;
}

const CURVE_OF: Partial<Record<AllowedAlgorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The usable signature keys of a JWKS document (RFC 7517 §5); throws if it is not one. */
export function parseJwks(document: unknown): PublicKeyEntry[] {
  const keys = typeof document === 'object' && document !== null ? (document as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) throw new Error('not a JWK set (no "keys" array)');
  const entries: PublicKeyEntry[] = [];
  for (const raw of keys as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const k = raw as Record<string, unknown>;
    if (k.use !== undefined && k.use !== 'sig') continue;
    if (Array.isArray(k.key_ops) && !k.key_ops.includes('verify')) continue;
    let jwk: JWK;
    if (k.kty === 'RSA' && str(k.n) && str(k.e)) jwk = { kty: 'RSA', n: str(k.n), e: str(k.e) };
    else if (k.kty === 'EC' && str(k.crv) && str(k.x) && str(k.y)) jwk = { kty: 'EC', crv: str(k.crv), x: str(k.x), y: str(k.y) };
    else continue; // oct (symmetric), OKP and unknown types: no allowed algorithm uses them
    entries.push({ ...(str(k.kid) ? { kid: str(k.kid) } : {}), ...(str(k.alg) ? { alg: str(k.alg) } : {}), jwk });
  }
  return entries;
}

/** Could this key verify a signature made with `alg`? */
export function compatible(entry: PublicKeyEntry, alg: AllowedAlgorithm): boolean {
  if (entry.alg !== undefined && entry.alg !== alg) return false;
  const curve = CURVE_OF[alg];
  return curve ? entry.jwk.kty === 'EC' && entry.jwk.crv === curve : entry.jwk.kty === 'RSA';
}

/** The keys to try for a token header: by key id when it names one, else every compatible key. */
export function candidates(entries: readonly PublicKeyEntry[], header: TokenHeader): PublicKeyEntry[] {
  return entries.filter((e) => (header.kid === undefined || e.kid === header.kid) && compatible(e, header.alg));
}

export interface KeySetOptions {
  /** Fetches the JWKS document. */
  fetchKeys: () => Promise<unknown>;
  minRefetchIntervalMs: number;
  now: () => number;
}

export interface KeySetStatus {
  keys: number;
  fetchedAt?: Date;
  /** The last fetch's failure, when the last fetch failed. */
  lastError?: string;
}

export class KeySet {
  private entries: PublicKeyEntry[] = [];
  private fetchedAt: number | undefined;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastError: string | undefined;
  private inflight: Promise<void> | undefined;
  private replaced = 0;
  private readonly imported = new WeakMap<PublicKeyEntry, Map<AllowedAlgorithm, Promise<CryptoKey | undefined>>>();

  constructor(private readonly options: KeySetOptions) {}

  /** The first fetch; throws when it fails (the gateway is not ready without keys). */
  async load(): Promise<void> {
    await this.fetch();
    if (this.lastError) throw new Error(this.lastError);
  }

  status(): KeySetStatus {
    return {
      keys: this.entries.length,
      ...(this.fetchedAt !== undefined ? { fetchedAt: new Date(this.fetchedAt) } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Counts the times the keys were replaced by a fetch: what was verified before may no longer be. */
  get generation(): number {
    return this.replaced;
  }

  /** Keys to try, imported for `alg`; [] when the issuer has none for this header (even after a refetch). */
  async keysFor(header: TokenHeader): Promise<CryptoKey[]> {
    let found = candidates(this.entries, header);
    if (found.length === 0) {
      await this.refetch();
      found = candidates(this.entries, header);
    }
    const keys = await Promise.all(found.map((e) => this.importFor(e, header.alg)));
    return keys.filter((k): k is CryptoKey => k !== undefined);
  }

  /** Fetch again unless one is under way (then wait for it) or the last began too recently. */
  private refetch(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.options.now() - this.lastAttempt < this.options.minRefetchIntervalMs) return Promise.resolve();
    return this.fetch();
  }

  private fetch(): Promise<void> {
    this.lastAttempt = this.options.now();
    this.inflight = (async () => {
      try {
        const entries = parseJwks(await this.options.fetchKeys());
        if (entries.length === 0) throw new Error('the JWK set has no usable signature keys (RSA or EC)');
        this.entries = entries;
        this.replaced += 1;
        this.fetchedAt = this.options.now();
        this.lastError = undefined;
      } catch (error) {
        this.lastError = `fetching the issuer's keys: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  private importFor(entry: PublicKeyEntry, alg: AllowedAlgorithm): Promise<CryptoKey | undefined> {
    let byAlg = this.imported.get(entry);
    if (!byAlg) this.imported.set(entry, (byAlg = new Map()));
    let key = byAlg.get(alg);
    if (!key) {
      // A key whose numbers do not make a key (a broken JWKS entry) is simply not a candidate.
      key = importJWK(entry.jwk, alg).then(
        (k) => (k instanceof Uint8Array ? undefined : k),
        () => undefined,
      );
      byAlg.set(alg, key);
    }
    return key;
  }
}
