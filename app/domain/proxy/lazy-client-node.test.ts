// The hosts must not load @kubernetes/client-node when they start (~55-70 MB of RSS, bench/ANALYSIS.md
// "Desktop hosts: idle memory and start-up"): one static import anywhere in the CLI, the agent or
// the Electron main process would bring it back. The CLI is bundled here as scripts/build-cli.mjs
// bundles it, and every import of the package must be a dynamic one (lazy-client-node.ts).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('@kubernetes/client-node in the bundled hosts', () => {
  it.each(['app/cli/main.ts', 'main/index.ts'])('%s imports it only dynamically', async (entry) => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      write: false,
      outdir: 'out/test-lazy-client-node',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.outputs)
      .flatMap((output) => output.imports)
      .filter((i) => i.path === '@kubernetes/client-node' || i.path.startsWith('@kubernetes/client-node/'));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => i.kind !== 'dynamic-import')).toEqual([]);
  });
});
