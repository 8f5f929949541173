import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../platform/atomic-write';

/** Reads a small JSON state file; a missing file is the empty state, a corrupt one an error naming it. */
export function readJsonFile<T>(file: string, empty: T): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return empty;
    throw new Error(`${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); fix or delete it`, { cause: err });
  }
}

/** Writes the value as pretty JSON, atomically, with the given mode. */
export function writeJsonFile(file: string, value: unknown, mode = 0o600): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}
