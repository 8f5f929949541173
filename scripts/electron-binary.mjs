// Finds a runnable Electron executable WITHOUT require('electron'): since Electron 45 that
// require downloads the binary on first use, which cannot work on a machine without internet.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** @typedef {{ ok: true, path: string } | { ok: false, reason: string }} ElectronBinary */

const PLATFORM_PATHS = /** @type {Record<string, string>} */ ({
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
});

/** @returns {ElectronBinary} */
export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (PLATFORM_PATHS[process.platform] ?? 'electron');
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const binary = join(override ?? join(packageDir, 'dist'), relative);
  if (!existsSync(binary)) {
    return { ok: false, reason: `${binary} is missing (Electron downloads it on first use)` };
  }
  const env = { ...process.env };
  delete env['ELECTRON_RUN_AS_NODE'];
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15_000, env });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr.trim().split('\n')[0] || `exit ${probe.status}`);
    return { ok: false, reason: `${binary} cannot run: ${why}` };
  }
  return { ok: true, path: binary };
}
