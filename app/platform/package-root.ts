import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The directory of Gatehouse's package.json, found by walking up from this module. The same code
 * runs from source (app/…), bundled into out/cli or out/main, or packaged, so fixed relative paths
 * from import.meta.url would be wrong in all but one of them.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'gatehouse') return (cached = dir);
      } catch {
        // not ours: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find Gatehouse’s package.json above its code');
    dir = parent;
  }
}
