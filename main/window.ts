// The one window, hardened as Headlamp does: context isolation, sandbox, no Node, a strict CSP
// sent as a header too, navigation and new windows refused (http(s) links open in the system
// browser), permission checks and requests denied. Its size and position are remembered.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, screen, session, shell } from 'electron';
import { PRODUCT_NAME } from '../shared';
import { isPermissionAllowed } from '../app/hosts/desktop/permission-policy';
import type { RendererLocation } from '../app/hosts/desktop/renderer-sender';
import { BROWSER_CSP } from '../app/hosts/browser/static-files';
import { iconPath } from './icon';
import { loadWindowState, trackWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));

export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [BROWSER_CSP] } });
  });
  // Both hooks: without a check handler Electron answers every permission *check* with yes.
  session.defaultSession.setPermissionCheckHandler((_wc, permission, _origin, details) => isPermissionAllowed({ permission, requestingUrl: details.requestingUrl }));
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => callback(isPermissionAllowed({ permission, requestingUrl: details.requestingUrl })));
}

function devServerUrl(): string | undefined {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  return devServer !== undefined && !app.isPackaged ? devServer : undefined;
}

function rendererIndexHtml(): string {
  return join(here, '../renderer/index.html');
}

export function createWindow(stateFile: string): BrowserWindow {
  const state = loadWindowState(stateFile, screen.getPrimaryDisplay().workAreaSize);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 760,
    minHeight: 480,
    title: PRODUCT_NAME,
    icon: iconPath(),
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, stateFile);
  win.once('ready-to-show', () => win.show());
  const openOutside = (url: string): void => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
  };
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openOutside(url);
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());

  const devServer = devServerUrl();
  if (devServer !== undefined) void win.loadURL(devServer);
  else void win.loadFile(rendererIndexHtml());
  return win;
}

/** Where the window's page comes from: what the IPC sender check compares against. */
export function rendererLocation(): RendererLocation {
  const devServer = devServerUrl();
  return devServer !== undefined ? { kind: 'dev-server', url: devServer } : { kind: 'file', indexHtml: rendererIndexHtml(), platform: process.platform };
}
