// A lock file beside the session file, so only one process at a time renews the tokens: refresh
// tokens may rotate, and a process that redeems one another process already used would end
// everyone's sign-in. Created with O_EXCL (open 'wx'): exactly one creator wins. A holder that
// died (its pid is gone) or hung (older than `staleMs`) does not block the others for ever: its
// lock is moved aside and removed, checking first that what was moved is the stale one. Waiting
// is polling, the only portable way to wait for another process's file to go.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { GatehouseError } from '../../../shared/errors';

export interface FileLockOptions {
  /** A lock older than this is taken over (default 30 s: a refresh has 15 s + 15 s deadlines). */
  staleMs?: number;
  /** Give up after waiting this long (default: staleMs + 15 s). */
  waitMs?: number;
  /** How often to look again (default 25 ms). */
  pollMs?: number;
  now?: () => number;
}

export interface LockHolder {
  pid: number;
  token: string;
}

/** Whether process `pid` exists (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.token === 'string'
      ? { pid: value.pid, token: value.token }
      : null;
  } catch {
    return null;
  }
}

function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new GatehouseError(
      'unavailable',
      `cannot create the lock ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * The lock is stale when its holder is gone or it is older than `staleMs`. A lock just being
 * written (no holder readable yet) counts by its age alone.
 */
function isStale(file: string, staleMs: number, now: number): { stale: boolean; holder: LockHolder | null } {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return { stale: false, holder: null };
  }
  const holder = readHolder(file);
  if (holder && !processAlive(holder.pid)) return { stale: true, holder };
  return { stale: now - mtimeMs > staleMs, holder };
}

/** Moves a stale lock aside; puts it back if what moved was a fresh one taken meanwhile. */
function breakStale(file: string, stale: LockHolder | null): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readHolder(aside);
  if (stale && moved && moved.token !== stale.token) {
    try {
      linkSync(aside, file);
    } catch {
      // Another process holds a newer lock already; the one moved aside is lost to its owner, who
      // finds out on release (the token no longer matches) — the worst case is one extra refresh.
    }
  }
  rmSync(aside, { force: true });
}

/** Waits for the lock, then resolves with its release. */
export async function acquireFileLock(file: string, options: FileLockOptions = {}): Promise<() => void> {
  const staleMs = options.staleMs ?? 30_000;
  const waitMs = options.waitMs ?? staleMs + 15_000;
  const pollMs = options.pollMs ?? 25;
  const now = options.now ?? Date.now;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const holder: LockHolder = { pid: process.pid, token: randomBytes(16).toString('hex') };
  const started = now();
  for (;;) {
    if (tryCreate(file, holder)) break;
    const { stale, holder: other } = isStale(file, staleMs, now());
    if (stale) {
      breakStale(file, other);
      continue;
    }
    if (now() - started > waitMs) {
      throw new GatehouseError(
        'unavailable',
        `${file}: another Gatehouse process${other ? ` (pid ${other.pid})` : ''} is renewing the sign-in and has not finished within ${Math.round(waitMs / 1000)} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Only our own lock goes: if ours was taken over as stale, the file is someone else's now.
    if (readHolder(file)?.token === holder.token) rmSync(file, { force: true });
  };
}

export async function withFileLock<T>(file: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const release = await acquireFileLock(file, options);
  try {
    return await work();
  } finally {
    release();
  }
}
