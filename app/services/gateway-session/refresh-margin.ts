// When an ID token is renewed (SPEC §10: "shortly before expiry"): a minute before it expires,
// or a quarter of its lifetime before when that is less, so a token that lives 10 seconds is
// renewed 2.5 s before its end rather than at once, for ever.

export const MAX_REFRESH_MARGIN_MS = 60_000;

export function refreshMarginMs(issuedAt: Date, expiresAt: Date): number {
  const lifetime = expiresAt.getTime() - issuedAt.getTime();
  if (!Number.isFinite(lifetime) || lifetime <= 0) return 0;
  return Math.min(MAX_REFRESH_MARGIN_MS, lifetime / 4);
}

/** Renew now: `now` is within the margin of the expiry (or past it). */
export function dueForRefresh(now: number, issuedAt: Date, expiresAt: Date): boolean {
  return now >= expiresAt.getTime() - refreshMarginMs(issuedAt, expiresAt);
}
