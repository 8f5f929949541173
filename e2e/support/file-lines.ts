// Waits for a line to appear in a file that another process appends to (the local audit log),
// re-reading it each time it changes.
import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';

export function waitForFileLine(path: string, match: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!existsSync(path)) return;
      const found = readFileSync(path, 'utf8').split('\n').find(match);
      if (found === undefined) return;
      watcher.close();
      clearTimeout(timer);
      resolve(found);
    };
    // The directory is watched: the file may not exist yet.
    const watcher = watch(dirname(path), check);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`no matching line in ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}

/** Waits until some file in `dir` has content matching `match`; resolves with that content. */
export function waitForFileIn(dir: string, match: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), 'utf8');
        if (!match(text)) continue;
        watcher.close();
        inner?.close();
        clearTimeout(timer);
        resolve(text);
        return;
      }
    };
    const watcher = watch(dirname(dir), { recursive: false }, check);
    const inner = existsSync(dir) ? watch(dir, check) : null;
    const timer = setTimeout(() => {
      watcher.close();
      inner?.close();
      reject(new Error(`no matching file in ${dir} within ${timeoutMs} ms`));
    }, timeoutMs);
    check();
  });
}
