// Electron shell only: lifecycle, single-instance lock, the window. Logic lives in app/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { PRODUCT_NAME } from '../shared';

const here = dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    title: PRODUCT_NAME,
    show: false,
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The renderer never navigates away or opens windows; links to the outside are not followed.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.on('closed', () => {
    mainWindow = null;
  });

  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer !== undefined && !app.isPackaged) void win.loadURL(devServer);
  else void win.loadFile(join(here, '../renderer/index.html'));
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    mainWindow ??= createWindow();
  });
  void app.whenReady().then(() => {
    mainWindow = createWindow();
  });
}
