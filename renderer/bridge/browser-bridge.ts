/**
 * Browser mode: the same built renderer, served by `gatehouse ui --browser` on 127.0.0.1, without
 * Electron's preload. This installs `window.gatehouse` over the server's websocket so the rest of the
 * renderer cannot tell the difference.
 */
import type { GatehouseApi } from '../../shared/api';
import { useBridgeStatus } from './bridge-status';
import { hideTokenFromAddressBar, readPageToken } from './page-token';
import { SocketApi } from './socket-api';

/** The server checks this subprotocol; browsers cannot set headers on a websocket. */
const TOKEN_SUBPROTOCOL_PREFIX = 'gatehouse.token.';
/** The protocol the server selects, so the token is never echoed back in a response header. */
const API_SUBPROTOCOL = 'gatehouse.v1';

function apiSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api`;
}

export function installBrowserBridge(): void {
  const existing = (window as Partial<Pick<Window, 'gatehouse'>>).gatehouse;
  if (existing !== undefined) return; // Electron: the preload already provides it

  const token = readPageToken();
  // Without a token the server's session cookie (set with the first page load) authenticates.
  const protocols = token === null ? [API_SUBPROTOCOL] : [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];
  const api: GatehouseApi = new SocketApi(apiSocketUrl(), protocols, token !== null);
  // Once the server has accepted the token the address bar no longer needs it (the tab keeps a copy
  // for reconnecting); until then it stays visible, so a refused URL can still be checked.
  const stopWatching = useBridgeStatus.subscribe((store) => {
    if (store.state.kind !== 'open') return;
    hideTokenFromAddressBar();
    stopWatching();
  });
  Object.defineProperty(window, 'gatehouse', { value: api, enumerable: true });
}
