import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';

/** The app icon: in the package's resources once packaged (electron-builder.yml), else in build/. */
export function iconPath(): string {
  if (app.isPackaged) return join(process.resourcesPath, 'icon.png');
  return join(dirname(fileURLToPath(import.meta.url)), '../../build/icon.png');
}
