// Tokens that verified, remembered for a few seconds: a person's tool sends the same ID token
// with every request (kubectl: one per GET, one per watch), and verifying its signature again each
// time is most of the gateway's CPU per small request (bench/ANALYSIS.md, "gateway load").
// kube-apiserver does the same for its token authenticators (a success cache of 10 s in front of
// OIDC and webhook tokens), so a gateway that caches no longer than that accepts nothing the API
// server itself would not.
//
// Only successes are kept, never longer than the token's own validity (exp plus the clock skew the
// claims check allows): an expired token is verified afresh — and refused for being expired. The
// key is a SHA-256 of the token, so the cache holds no token. Bounded: the oldest entry goes first.
import { createHash } from 'node:crypto';
import type { OidcIdentity } from './claims';

export interface VerifiedTokenOptions {
  /** How long a success is reused. Default 10 s, as kube-apiserver's token success cache. */
  ttlMs?: number;
  /** Entries at most (the oldest is dropped). Default 10 000: well above the people of a gateway. */
  maxEntries?: number;
  /** Seconds past `exp` a token is still accepted (the claims check's skew). */
  clockSkewSeconds: number;
  now: () => number;
}

interface Entry {
  identity: OidcIdentity;
  /** ms since the epoch: the entry is not used from then on. */
  until: number;
}

export const VERIFIED_TOKEN_TTL_MS = 10_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: VerifiedTokenOptions) {
    this.ttlMs = options.ttlMs ?? VERIFIED_TOKEN_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** The identity a token verified to, while that is still to be trusted; else undefined. */
  get(token: string): OidcIdentity | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.options.now() >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.identity;
  }

  /** A token that has just verified to `identity`. */
  remember(token: string, identity: OidcIdentity): void {
    const now = this.options.now();
    const until = Math.min(now + this.ttlMs, identity.expiresAt.getTime() + this.options.clockSkewSeconds * 1000);
    if (until <= now) return;
    const key = keyOf(token);
    // Re-inserted at the end: Map order is insertion order, so the first key is the oldest.
    this.entries.delete(key);
    this.entries.set(key, { identity, until });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Forgets everything (the issuer's keys changed). */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
