// Reading the kubeconfig and checking it can be replaced, each failure a one-line message naming
// the file. Nothing here changes the file.
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KubeconfigFileError, KubeconfigShapeError } from './errors';

export interface KubeconfigContent {
  /** Undefined when the file does not exist. */
  text: string | undefined;
  /** Permission bits of the existing file. */
  mode: number | undefined;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export async function readKubeconfig(file: string): Promise<KubeconfigContent> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT') return { text: undefined, mode: undefined };
    if (code === 'EISDIR') throw new KubeconfigFileError(file, 'is a directory, not a kubeconfig file', { cause: error });
    if (code === 'EACCES' || code === 'EPERM') throw new KubeconfigFileError(file, 'cannot be read: permission denied', { cause: error });
    throw new KubeconfigFileError(file, `cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const text = bytes.toString('utf8');
  // Decoding invalid UTF-8 replaces bytes; writing that back would corrupt what we must keep.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new KubeconfigShapeError('the file is not valid UTF-8', undefined, file);
  const { mode } = await stat(file);
  return { text, mode: mode & 0o7777 };
}

/**
 * A file or directory without any write bit counts as read-only even for root (who could write it
 * anyway): someone made it so on purpose. The directory must be writable for the lock and the
 * temp file that replaces the kubeconfig.
 */
export async function assertReplaceable(file: string, mode: number | undefined): Promise<void> {
  if (mode !== undefined) {
    const writable = (mode & 0o222) !== 0 && (await access(file, constants.W_OK).then(() => true, () => false));
    if (!writable) throw new KubeconfigFileError(file, `is read-only (mode ${mode.toString(8).padStart(4, '0')}); make it writable to let Gatehouse update it`);
  }
  const dir = path.dirname(file);
  let dirMode: number;
  try {
    dirMode = (await stat(dir)).mode;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return; // created with mode 0700 before writing
    throw new KubeconfigFileError(dir, `cannot be inspected: ${(error as Error).message}`, { cause: error });
  }
  const writable = (dirMode & 0o222) !== 0 && (await access(dir, constants.W_OK | constants.X_OK).then(() => true, () => false));
  if (!writable) {
    throw new KubeconfigFileError(file, `its directory ${dir} is read-only; Gatehouse needs to create ${path.basename(file)}.lock and a temporary file there`);
  }
}
