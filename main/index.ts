// Electron shell only (SPEC §1): lifecycle, single-instance lock, window, tray, notifications, and
// the host's handler table wired to IPC. The host itself — core, control socket, sign-in, or an
// attachment to the agent when one already holds the connections — is app/hosts/start-host.ts.
// What the shell adds to the core is Electron's: the refresh token sealed by safeStorage
// (safe-storage-box.ts) and the system browser for signing in (http(s) only, external-url.ts).
import { join } from 'node:path';
import { app, Notification, shell, type BrowserWindow } from 'electron';
import type { Settings } from '../shared/api';
import { externalOpener } from '../app/hosts/desktop/external-url';
import { isRendererUrl } from '../app/hosts/desktop/renderer-sender';
import { sessionExpiredNotice } from '../app/hosts/desktop/session-notices';
import { runTrayAction, type Notice } from '../app/hosts/desktop/tray-actions';
import type { TrayAction } from '../app/hosts/desktop/tray-model';
import { EMPTY_TRAY_VIEW, foldTrayEvent, trayFor } from '../app/hosts/desktop/tray-view';
import { startHost, type Host } from '../app/hosts/start-host';
import { appDataRoot, appPaths } from '../app/platform/paths';
import { iconPath } from './icon';
import { forwardEvents, serveIpc } from './ipc';
import { safeStorageBox } from './safe-storage-box';
import { createTray } from './tray';
import { createWindow, hardenSession, rendererLocation } from './window';

const paths = appPaths(appDataRoot());
let host: Host | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;
/** Needed synchronously when the window closes; kept current from the settings events. */
let keepRunningInTray = true;

/** Shown notifications, held until closed: one collected early loses its click handler. */
const shown = new Set<Notification>();

function notify(notice: Notice, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification(notice);
  shown.add(notification);
  notification.on('close', () => shown.delete(notification));
  if (onClick)
    notification.on('click', () => {
      shown.delete(notification);
      onClick();
    });
  notification.show();
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
  // `notify` also says where to go on with a sign-in the browser could not be opened for.
  void runTrayAction(action, running.invoke, (notice) => notify(notice)).then((notice) => notice && notify(notice));
}

async function start(): Promise<void> {
  hardenSession();
  let running: Host;
  try {
    running = await startHost({
      paths,
      mode: 'electron',
      demoOrg: process.env.GATEHOUSE_DEMO_ORG ?? null,
      whenAnotherRuns: 'attach',
      secretBox: safeStorageBox(),
      openExternal: externalOpener((url) => shell.openExternal(url)),
    });
  } catch (err) {
    notify({ title: 'Gatehouse cannot start', body: (err as Error).message });
    app.exit(1);
    return;
  }
  host = running;
  const renderer = rendererLocation();
  serveIpc(running.handlers, (event) => isRendererUrl(event.senderFrame?.url, renderer));
  forwardEvents((l) => running.subscribe(l), () => mainWindow);
  // The tray follows the events (resources, and the gateway line from session and settings).
  let tray = EMPTY_TRAY_VIEW;
  const renderTray = createTray(iconPath(), (action) => onTrayAction(running, action));
  const render = (): void => renderTray(trayFor(tray, running.attachedTo));
  const applySettings = (settings: Settings): void => {
    keepRunningInTray = settings.keepRunningInTray;
    app.setLoginItemSettings({ openAtLogin: settings.launchAtLogin });
  };
  running.subscribe((event) => {
    const next = foldTrayEvent(tray, event);
    if (next !== tray) {
      tray = next;
      render();
    }
    if (event.type === 'settings') applySettings(event.settings);
    if (event.type === 'connection-lost') notify({ title: `${event.resource}: connection lost`, body: event.reason });
    // The window shows the "Sign in again" banner; the click brings it up.
    if (event.type === 'session-expired') notify(sessionExpiredNotice(event), showWindow);
  });
  const [session, resources, settings] = await Promise.all([
    running.invoke('session.get', undefined),
    running.invoke('resources.list', undefined),
    running.invoke('settings.get', undefined),
  ]);
  // What the host says now; a session or settings event that came in meanwhile is as new, and is kept.
  if (settings.ok) applySettings(tray.settings ?? settings.value);
  tray = {
    resources: resources.ok ? resources.value.resources : tray.resources,
    session: tray.session ?? (session.ok ? session.value : null),
    settings: tray.settings ?? (settings.ok ? settings.value : null),
  };
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
