// Keeps the recordings directory bounded (SPEC §9): recordings older than the age limit are
// deleted, then the oldest go until the rest fit the total size limit. Asynchronous (fs/promises)
// so it never holds up a request; only *.cast files are ever touched; recordings still being
// written are never deleted (their size still counts, so older ones make room for them).
import { readdir, lstat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface RetentionPolicy {
  maxAgeDays: number;
  maxTotalBytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxTotalBytes: 1024 * 1024 * 1024 };

const DAY_MS = 24 * 60 * 60 * 1000;
const CAST_FILE = /^[\w.-]+\.cast$/;

export interface RetentionResult {
  /** File names deleted, oldest first. */
  deleted: string[];
  /** Bytes of the recordings that remain. */
  keptBytes: number;
}

interface CastFile {
  name: string;
  size: number;
  mtimeMs: number;
}

async function castFiles(dir: string): Promise<CastFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: CastFile[] = [];
  for (const name of names) {
    if (!CAST_FILE.test(name)) continue;
    try {
      const st = await lstat(join(dir, name));
      if (st.isFile()) files.push({ name, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // deleted meanwhile
    }
  }
  return files;
}

/**
 * Applies the policy to `dir`. `inUse`: names of recordings being written now, never deleted.
 * A file that cannot be deleted (gone already, or open elsewhere on Windows) is skipped.
 */
export async function applyRetention(dir: string, policy: RetentionPolicy, opts: { now?: number; inUse?: ReadonlySet<string> } = {}): Promise<RetentionResult> {
  const now = opts.now ?? Date.now();
  const inUse = opts.inUse ?? new Set<string>();
  const files = await castFiles(dir);
  // Newest first: what fits the size limit is kept, from the newest down.
  files.sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
  const oldest = now - policy.maxAgeDays * DAY_MS;
  let keptBytes = 0;
  for (const f of files) if (inUse.has(f.name)) keptBytes += f.size;
  const doomed: CastFile[] = [];
  // Oldest first: once one recording does not fit, every older one goes too, even a small one.
  let full = false;
  for (const f of files) {
    if (inUse.has(f.name)) continue;
    full ||= keptBytes + f.size > policy.maxTotalBytes;
    if (full || f.mtimeMs < oldest) doomed.push(f);
    else keptBytes += f.size;
  }
  const deleted: string[] = [];
  for (const f of doomed.reverse()) {
    try {
      await unlink(join(dir, f.name));
      deleted.push(f.name);
    } catch {
      keptBytes += f.size;
    }
  }
  return { deleted, keptBytes };
}
