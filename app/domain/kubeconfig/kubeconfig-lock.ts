// client-go's kubeconfig lock (tools/clientcmd/loader.go, lockFile): `<file>.lock` created with
// O_CREATE|O_EXCL before it writes, removed after. kubectl does not wait for it — it fails with
// "open <file>.lock: file exists" — but Gatehouse does, briefly, with backoff.
import { open, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeconfigFileError } from './errors';

export const DEFAULT_LOCK_TIMEOUT_MS = 5000;

export function lockFileFor(file: string): string {
  return `${file}.lock`;
}

async function acquire(lock: string, deadline: number): Promise<void> {
  let delay = 10;
  for (;;) {
    try {
      await (await open(lock, 'wx', 0o600)).close();
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new KubeconfigFileError(lock, `cannot create the kubeconfig lock: ${(error as Error).message}`, { cause: error });
      if (Date.now() + delay > deadline) {
        throw new KubeconfigFileError(lock, 'the kubeconfig is locked by another program (kubectl or Gatehouse) and stayed locked; if nothing is writing it, delete this lock file');
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 200);
    }
  }
}

async function release(lock: string): Promise<void> {
  try {
    await unlink(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Runs `work` holding `<file>.lock` for every file given (duplicates ignored), taken in sorted
 * order like client-go so two writers never wait on each other crosswise.
 */
export async function withKubeconfigLock<T>(files: readonly string[], work: () => Promise<T>, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): Promise<T> {
  const locks = [...new Set(files.map(lockFileFor))].sort();
  const deadline = Date.now() + timeoutMs;
  const held: string[] = [];
  try {
    for (const lock of locks) {
      await acquire(lock, deadline);
      held.push(lock);
    }
    return await work();
  } finally {
    for (const lock of held.reverse()) await release(lock);
  }
}
