// Electron shell only (SPEC §1): lifecycle, single-instance lock, window, tray, notifications, and
// the host's handler table wired to IPC. The host itself — core, control socket, sign-in, or an
// attachment to the agent when one already holds the connections — is app/hosts/start-host.ts.
import { join } from 'node:path';
import { app, Notification, type BrowserWindow } from 'electron';
import type { ResourceStatus, Settings } from '../shared/api';
import { isRendererUrl } from '../app/hosts/desktop/renderer-sender';
import { runTrayAction, type Notice } from '../app/hosts/desktop/tray-actions';
import { trayModel, type TrayAction } from '../app/hosts/desktop/tray-model';
import { startHost, type Host } from '../app/hosts/start-host';
import { appDataRoot, appPaths } from '../app/platform/paths';
import { iconPath } from './icon';
import { forwardEvents, serveIpc } from './ipc';
import { createTray } from './tray';
import { createWindow, hardenSession, rendererLocation } from './window';

const paths = appPaths(appDataRoot());
let host: Host | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;
/** Needed synchronously when the window closes; kept current from the settings events. */
let keepRunningInTray = true;

function notify(notice: Notice): void {
  if (Notification.isSupported()) new Notification(notice).show();
}

function openWindow(): BrowserWindow {
  const win = createWindow(join(paths.root, 'window-state.json'));
  win.on('closed', () => (mainWindow = null));
  win.on('close', (event) => {
    // Closing keeps Gatehouse in the tray (a setting); Quit really quits.
    if (!quitting && keepRunningInTray) {
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

function onTrayAction(running: Host, action: TrayAction): void {
  if (action.kind === 'open') return showWindow();
  if (action.kind === 'quit') return app.quit();
  void runTrayAction(action, running.invoke).then((notice) => notice && notify(notice));
}

async function start(): Promise<void> {
  hardenSession();
  let running: Host;
  try {
    running = await startHost({ paths, mode: 'electron', demoOrg: process.env.GATEHOUSE_DEMO_ORG ?? null, whenAnotherRuns: 'attach' });
  } catch (err) {
    notify({ title: 'Gatehouse cannot start', body: (err as Error).message });
    app.exit(1);
    return;
  }
  host = running;
  const renderer = rendererLocation();
  serveIpc(running.handlers, (event) => isRendererUrl(event.senderFrame?.url, renderer));
  forwardEvents((l) => running.subscribe(l), () => mainWindow);
  let resources: ResourceStatus[] = [];
  const renderTray = createTray(iconPath(), (action) => onTrayAction(running, action));
  const render = (): void => renderTray(trayModel({ resources, attachedTo: running.attachedTo }));
  const applySettings = (settings: Settings): void => {
    keepRunningInTray = settings.keepRunningInTray;
    app.setLoginItemSettings({ openAtLogin: settings.launchAtLogin });
  };
  running.subscribe((event) => {
    if (event.type === 'resources') {
      resources = event.resources;
      render();
    }
    if (event.type === 'connection-lost') notify({ title: `${event.resource}: connection lost`, body: event.reason });
    if (event.type === 'settings') applySettings(event.settings);
  });
  const settings = await running.invoke('settings.get', undefined);
  if (settings.ok) applySettings(settings.value);
  const listed = await running.invoke('resources.list', undefined);
  resources = listed.ok ? listed.value.resources : [];
  render();
  showWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (!keepRunningInTray) app.quit();
  });
  app.on('activate', showWindow);
  app.on('before-quit', (event) => {
    if (quitting || !host) return;
    // Disconnect everything cleanly (or detach from the agent) before the process goes.
    event.preventDefault();
    quitting = true;
    void host.stop().finally(() => app.quit());
  });
  void app.whenReady().then(start);
}
