// Which file "Update kubectl configuration" writes, chosen the way SPEC §5 says: --kubeconfig, else
// the first file of KUBECONFIG, else ~/.kube/config. Symlinks are followed to the file that holds
// the content (it is replaced; the link stays), but kubectl locks the path as configured, so both
// are kept.
import { lstat, readlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeconfigFileError } from './errors';

export interface KubeconfigTarget {
  /** The path as configured; kubectl takes `<path>.lock` for it. */
  path: string;
  /** The file holding the content after following symlinks; equal to `path` when it is no link. */
  file: string;
  /** Where the path came from, for messages. */
  source: 'flag' | 'KUBECONFIG' | 'default';
}

export interface TargetInputs {
  /** The --kubeconfig flag. */
  flag?: string;
  env: NodeJS.ProcessEnv;
  /** Defaults to $HOME, then the OS's idea of home. */
  home?: string;
  /** Relative paths are relative to this; defaults to the process's working directory. */
  cwd?: string;
}

/**
 * The configured path. Note: client-go writes new entries to the first *existing* file of
 * KUBECONFIG; SPEC §5 asks for the first file, so Gatehouse creates it when missing.
 */
export function configuredKubeconfigPath(inputs: TargetInputs): Pick<KubeconfigTarget, 'path' | 'source'> {
  const cwd = inputs.cwd ?? process.cwd();
  if (inputs.flag !== undefined && inputs.flag !== '') return { path: path.resolve(cwd, inputs.flag), source: 'flag' };
  const first = (inputs.env.KUBECONFIG ?? '').split(path.delimiter).find((entry) => entry !== '');
  if (first !== undefined) return { path: path.resolve(cwd, first), source: 'KUBECONFIG' };
  const home = inputs.home ?? inputs.env.HOME ?? homedir();
  return { path: path.join(home, '.kube', 'config'), source: 'default' };
}

/** Follows a chain of symlinks to the final path, which may not exist yet (a dangling link is written through). */
export async function followSymlinks(start: string): Promise<string> {
  let current = start;
  for (let hops = 0; hops < 40; hops++) {
    let stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw new KubeconfigFileError(current, `cannot be inspected: ${(error as Error).message}`, { cause: error });
    }
    if (!stats.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await readlink(current));
  }
  throw new KubeconfigFileError(start, 'too many levels of symbolic links');
}

export async function resolveKubeconfigTarget(inputs: TargetInputs): Promise<KubeconfigTarget> {
  const configured = configuredKubeconfigPath(inputs);
  return { ...configured, file: await followSymlinks(configured.path) };
}
