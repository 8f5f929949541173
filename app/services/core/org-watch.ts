import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls onChange (debounced) when the file changes. The directory is watched, not the file:
 * editors and config tools replace files by rename, which a watch on the old inode would miss.
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 150): () => void {
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(file), (_event, name) => {
      if (name !== null && name !== basename(file)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    watcher.on('error', () => {});
  } catch {
    // The directory cannot be watched (gone, permissions): changes need a new sign-in.
  }
  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}
