import { readFileSync } from 'node:fs';

/**
 * The package version from package.json: next to app/ when run from source (tsx), two levels up
 * from out/main/ when bundled into the Electron main process.
 */
export function appVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'gatehouse' && pkg.version) return pkg.version;
    } catch {
      // not there: try the next place
    }
  }
  return '0.0.0';
}
