// npm start: the desktop app on out/main (building it first if needed), or browser mode where no
// Electron can run. Both start through app/hosts/start-host.ts: with an agent (or another host)
// already running for this user they attach to it instead of opening listeners of their own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electron = findElectronBinary();
if (!existsSync(new URL('../out/main/index.js', import.meta.url))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const env = { ...process.env };
delete env['ELECTRON_RUN_AS_NODE'];
let child;
if (electron.ok) {
  // Chromium refuses to run as root without --no-sandbox (containers, CI).
  const args = [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...process.argv.slice(2)];
  child = spawn(electron.path, args, { stdio: 'inherit', env });
} else {
  console.log(`gatehouse: no runnable Electron here (${electron.reason}); starting browser mode instead.`);
  child = spawn(process.execPath, [join(root, 'bin', 'gatehouse.mjs'), 'ui', '--browser', ...process.argv.slice(2)], { stdio: 'inherit', env });
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
