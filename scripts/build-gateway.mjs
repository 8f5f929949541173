// Bundles the gateway (`gatehouse gateway --config FILE`, SPEC §10) into out/gateway/gatehouse.mjs:
// the image (deploy/Dockerfile) runs exactly this file. It is the `gatehouse` CLI entry, so the
// image's command line is the documented one; dependencies stay external, as for out/cli, and the
// image installs only the production ones — the build fails if the bundle imports anything else
// (an Electron or dev-only package reached through some import would only fail at run time).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await build({
  absWorkingDir: root,
  entryPoints: ['app/cli/main.ts'],
  outfile: 'out/gateway/gatehouse.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const outside = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imported of output.imports) {
    if (!imported.external) continue;
    const name = imported.path.replace(/^node:/, '');
    if (builtins.has(name) || builtins.has(name.split('/')[0])) continue;
    if (!production.has(packageOf(imported.path))) outside.add(imported.path);
  }
}
if (outside.size > 0) {
  console.error(`out/gateway/gatehouse.mjs imports packages that are not production dependencies (the image lacks them): ${[...outside].join(', ')}`);
  process.exit(1);
}
console.log('out/gateway/gatehouse.mjs built');
