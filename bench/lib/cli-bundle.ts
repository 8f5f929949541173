// The bench measures the CLI as shipped: the esbuild bundle in out/cli that bin/gatehouse.mjs runs
// when it is newer than every source file, not the TypeScript sources through tsx (~80 MB more RSS
// and a slower start, bench/ANALYSIS.md). This checkout's bundle is rebuilt when it is stale; for
// another checkout (BENCH_GATEHOUSE_BIN) the bench only says which one will run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether `<root>/bin/gatehouse.mjs` will run the bundle (bin/gatehouse.mjs's own test). */
export function bundleIsFresh(root: string): boolean {
  const bundle = join(root, 'out', 'cli', 'gatehouse.mjs');
  return (
    existsSync(bundle) &&
    statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'app')), newestSource(join(root, 'shared')))
  );
}

/** The checkout a `bin/gatehouse.mjs` belongs to. */
export const checkoutOf = (bin: string): string => dirname(dirname(bin));

/** Builds this checkout's bundle if bin/gatehouse.mjs would not run it; says what it did. */
export function ensureBundle(root: string, log: (line: string) => void): void {
  if (bundleIsFresh(root)) return;
  log('out/cli is missing or older than the sources: building it (node scripts/build-cli.mjs)');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'ignore' });
}
