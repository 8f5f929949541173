// Builds only the app's renderer (out/renderer, what browser mode serves) with the renderer section
// of electron.vite.config.ts — for `npm run demo -- --check`, which runs as an integration test
// beside others: it must not rebuild out/cli (bin/gatehouse.mjs runs that bundle whenever it is
// up to date, and another test must never meet it half written), and needs neither the Electron
// main process nor its preload.
import { join } from 'node:path';
import { build, type UserConfig } from 'vite';

export async function buildRenderer(root: string): Promise<void> {
  // The config resolves its paths against the working directory, as electron-vite runs it.
  process.chdir(root);
  const config = (await import('../../electron.vite.config')).default as { renderer?: UserConfig };
  const renderer = config.renderer;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer section');
  await build({
    ...renderer,
    configFile: false,
    root: join(root, renderer.root ?? 'renderer'),
    logLevel: 'warn',
    build: { ...renderer.build, outDir: join(root, 'out', 'renderer'), emptyOutDir: true },
  });
}
