// Bundles the CLI (and so the agent and browser mode) into out/cli/gatehouse.mjs, which
// bin/gatehouse.mjs runs instead of the TypeScript sources whenever it is up to date: no tsx at run
// time means ~100 MB less memory for the long-lived agent and a faster start (bench/ANALYSIS.md).
// Dependencies stay in node_modules, as for out/main.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['app/cli/main.ts'],
  outfile: 'out/cli/gatehouse.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
console.log('out/cli/gatehouse.mjs built');
