// Electron shell only (SPEC §1): lifecycle, single-instance lock, window, tray, notifications, and
// the handler table wired to IPC. Everything else lives in app/.
import { join } from 'node:path';
import { app, Notification, type BrowserWindow } from 'electron';
import { serveControlSocket } from '../app/api/control-socket';
import { dispatch } from '../app/api/handlers';
import { createGatehouseApp } from '../app/core/create-app';
import { appDataRoot, appPaths } from '../app/paths';
import { forwardEvents, serveIpc } from './ipc';
import { iconPath } from './icon';
import { createTray } from './tray';
import { isRendererUrl } from '../app/desktop/renderer-sender';
import { createWindow, hardenSession, rendererLocation } from './window';

const paths = appPaths(appDataRoot());
let mainWindow: BrowserWindow | null = null;
let quitting = false;

function openWindow(): BrowserWindow {
  const win = createWindow(join(paths.root, 'window-state.json'));
  win.on('closed', () => (mainWindow = null));
  win.on('close', (event) => {
    // Closing keeps Gatehouse in the tray (a setting); Quit really quits.
    if (!quitting && gatehouse.core.settings.get().keepRunningInTray) {
      event.preventDefault();
      win.hide();
    }
  });
  return win;
}

function showWindow(): void {
  mainWindow ??= openWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

const gatehouse = createGatehouseApp(paths, { mode: 'electron', demoOrg: process.env.GATEHOUSE_DEMO_ORG ?? null });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (!gatehouse.core.settings.get().keepRunningInTray) app.quit();
  });
  app.on('activate', showWindow);
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Disconnect everything cleanly before the process goes.
    event.preventDefault();
    quitting = true;
    void gatehouse.core.close().finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    hardenSession();
    const renderer = rendererLocation();
    serveIpc(gatehouse.handlers, (event) => isRendererUrl(event.senderFrame?.url, renderer));
    forwardEvents((l) => gatehouse.core.subscribe(l), () => mainWindow);
    const call = (channel: Parameters<typeof dispatch>[1], request: unknown): void => void dispatch(gatehouse.handlers, channel, request);
    const renderTray = createTray(iconPath(), {
      toggle: (name, connect) => call(connect ? 'connections.connect' : 'connections.disconnect', { names: [name] }),
      connectAll: () => call('connections.connect', { all: true }),
      disconnectAll: () => call('connections.disconnect', { all: true }),
      updateKubeconfig: () => call('kubeconfig.update', { dryRun: false }),
      open: showWindow,
      quit: () => app.quit(),
    });
    gatehouse.core.subscribe((event) => {
      if (event.type === 'resources') renderTray(event.resources);
      if (event.type === 'connection-lost' && Notification.isSupported()) {
        new Notification({ title: `${event.resource}: connection lost`, body: event.reason }).show();
      }
      if (event.type === 'settings') app.setLoginItemSettings({ openAtLogin: event.settings.launchAtLogin });
    });
    app.setLoginItemSettings({ openAtLogin: gatehouse.core.settings.get().launchAtLogin });
    // The CLI (status, connect, disconnect) talks to this process like to the headless agent.
    await serveControlSocket(paths.socket, gatehouse.handlers, (l) => gatehouse.core.subscribe(l)).catch((err: unknown) => {
      new Notification({ title: 'Gatehouse', body: `The CLI cannot reach this window: ${(err as Error).message}` }).show();
    });
    await gatehouse.core.restore();
    showWindow();
  });
}
