// Who may use browser mode's API: the holder of a tab session, and a tab session comes only from
// redeeming a one-time link (see browser-server.ts for the whole design). Tokens are kept as
// SHA-256 hashes: lookups compare digests, so neither a token's content nor its length leaks
// through timing, and a heap dump holds no usable token.
import { createHash, randomBytes } from 'node:crypto';

/** What to do for a new link; said wherever a link is refused. */
export const NEW_LINK_HINT =
  'For a new link, stop `gatehouse ui --browser` (Ctrl-C where it, or `npm start`, runs) and start it again: it prints a new one.';
export const LINK_USED_MESSAGE = `This Gatehouse link was already used: each link opens one browser tab, and reloading that tab keeps working. ${NEW_LINK_HINT}`;
export const LINK_UNKNOWN_MESSAGE = `This is not a link of the running Gatehouse (it may be from an earlier run). ${NEW_LINK_HINT}`;

export type LinkState = 'unused' | 'used' | 'unknown';

export type Redemption = { ok: true; session: string } | { ok: false; state: 'used' | 'unknown'; message: string };

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class BrowserAccess {
  /** Link digests, and whether each was redeemed. Grows only when the server mints a link. */
  private readonly links = new Map<string, boolean>();
  /** Tab-session digests; at most one per link. */
  private readonly sessions = new Set<string>();

  /** A new one-time link token. */
  newLink(): string {
    const token = newToken();
    this.links.set(digest(token), false);
    return token;
  }

  linkState(token: string): LinkState {
    const used = this.links.get(digest(token));
    if (used === undefined) return 'unknown';
    return used ? 'used' : 'unused';
  }

  /** Marks the link used and mints the tab's session token; a link works once. */
  redeem(token: string): Redemption {
    const key = digest(token);
    const used = this.links.get(key);
    if (used === undefined) return { ok: false, state: 'unknown', message: LINK_UNKNOWN_MESSAGE };
    if (used) return { ok: false, state: 'used', message: LINK_USED_MESSAGE };
    this.links.set(key, true);
    const session = newToken();
    this.sessions.add(digest(session));
    return { ok: true, session };
  }

  isSession(token: string | null): boolean {
    return token !== null && token !== '' && this.sessions.has(digest(token));
  }
}
