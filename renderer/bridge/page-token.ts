/**
 * The browser-mode access token. The server prints `http(s)://127.0.0.1:PORT/?token=…`; the page
 * takes the token, keeps it for this tab only (sessionStorage, so a reload still works) and removes it
 * from the address bar so it does not end up in screenshots, history or a shared screen.
 */
const TOKEN_PARAMETER = 'token';
const STORAGE_KEY = 'gatehouse.browser-token';

function rememberedToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the token then lives only in memory
  }
}

function remember(token: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage disabled: a reload will need the printed URL again
  }
}

/** The token from the URL (a newer server run wins) or from earlier in this tab. */
export function readPageToken(): string | null {
  const fromUrl = new URL(window.location.href).searchParams.get(TOKEN_PARAMETER);
  if (fromUrl !== null && fromUrl !== '') {
    remember(fromUrl);
    return fromUrl;
  }
  return rememberedToken();
}

export function hideTokenFromAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has(TOKEN_PARAMETER)) return;
  url.searchParams.delete(TOKEN_PARAMETER);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
