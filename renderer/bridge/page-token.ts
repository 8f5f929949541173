/**
 * Browser mode's two tokens on the page side (the design is in app/hosts/browser/browser-server.ts). The
 * server prints `http://127.0.0.1:PORT/?token=…`: that link token works once, and the page trades it
 * for this tab's session token, which it keeps in sessionStorage (this tab only, so a reload keeps
 * working) and never in a cookie. The link is then removed from the address bar, so it does not end
 * up in screenshots, history or a shared screen.
 */
const LINK_PARAMETER = 'token';
const SESSION_KEY = 'gatehouse.browser-session';

/** The one-time link token in the address bar, if any. */
export function readLinkToken(): string | null {
  const fromUrl = new URL(window.location.href).searchParams.get(LINK_PARAMETER);
  return fromUrl === null || fromUrl === '' ? null : fromUrl;
}

/** This tab's session token from an earlier load (a reload), if any. */
export function rememberedSession(): string | null {
  try {
    const stored = window.sessionStorage.getItem(SESSION_KEY);
    return stored === '' ? null : stored;
  } catch {
    return null; // storage disabled: the session then lives only in memory
  }
}

export function rememberSession(token: string): void {
  try {
    window.sessionStorage.setItem(SESSION_KEY, token);
  } catch {
    // storage disabled: a reload will need a new link
  }
}

export function hideTokenFromAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(LINK_PARAMETER)) return;
  url.searchParams.delete(LINK_PARAMETER);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
