/**
 * Browser mode: the same built renderer, served by `gatehouse ui --browser` on 127.0.0.1, without
 * Electron's preload. This installs `window.gatehouse` over the server's websocket so the rest of the
 * renderer cannot tell the difference. The tab first gets its session (tab-session.ts); the
 * websocket then presents it as a subprotocol — never a cookie (app/hosts/browser/browser-server.ts says why).
 */
import type { GatehouseApi } from '../../shared/api';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/wire';
import { SocketApi, type SocketAccess } from './socket-api';
import { obtainTabSession, SESSION_UNKNOWN_MESSAGE, sessionStatus } from './tab-session';


function apiSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api`;
}

async function socketAccess(): Promise<SocketAccess> {
  const session = await obtainTabSession();
  if (session.kind === 'refused') return session;
  return {
    kind: 'ready',
    protocols: [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${session.token}`],
    checkSession: async () => ((await sessionStatus(session.token)) === 'unknown' ? SESSION_UNKNOWN_MESSAGE : null),
  };
}

export function installBrowserBridge(): void {
  const existing = (window as Partial<Pick<Window, 'gatehouse'>>).gatehouse;
  if (existing !== undefined) return; // Electron: the preload already provides it
  const api: GatehouseApi = new SocketApi(apiSocketUrl(), socketAccess());
  Object.defineProperty(window, 'gatehouse', { value: api, enumerable: true });
}
