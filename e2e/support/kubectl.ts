// Runs the machine's real kubectl binaries (several versions are installed side by side).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

export type KubectlVersion = '1.27' | '1.28' | '1.29' | '1.30' | '1.31' | '1.32' | '1.33';

export function kubectlPath(version: KubectlVersion): string {
  const path = `${KUBECTL_DIR}/kubectl.${version}`;
  if (!existsSync(path)) throw new Error(`kubectl ${version} is not installed at ${path}`);
  return path;
}

export interface KubectlOptions {
  version?: KubectlVersion;
  kubeconfig: string;
  env?: Record<string, string>;
  stdin?: string | Buffer;
  cwd?: string;
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * kubectl caches discovery per server host:port under ~/.kube/cache. Listener ports are reused
 * across runs and clusters, so a shared cache would answer for the wrong server: each test process
 * gets its own.
 */
const cacheDir = mkdtempSync(join(tmpdir(), 'gatehouse-kubectl-cache-'));

function kubectlEnv(opts: KubectlOptions): NodeJS.ProcessEnv {
  // A clean environment: nothing from the developer's own kubeconfig or proxy settings leaks in.
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    KUBECACHEDIR: cacheDir,
    KUBECONFIG: opts.kubeconfig,
    ...opts.env,
  };
}

/** Starts kubectl and leaves it running (watch, logs -f, port-forward, interactive exec). */
export function spawnKubectl(args: string[], opts: KubectlOptions): ChildProcessWithoutNullStreams {
  return collectLines(spawn(kubectlPath(opts.version ?? '1.33'), args, { env: kubectlEnv(opts), cwd: opts.cwd }));
}

/** Runs kubectl to completion and returns its exit code and output. */
export function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const child = spawnKubectl(args, opts);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => stdout.push(c));
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  // kubectl may exit before reading its stdin; that is its business, not a test failure.
  child.stdin.on('error', () => {});
  child.stdin.end(opts.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}

/**
 * Lines a child prints, kept from the moment the reader is created, with a cursor: each
 * waitForLine call consumes lines up to and including the one it matched, so successive calls see
 * successive lines even when several arrive in one chunk.
 */
class LineReader {
  private readonly lines: string[] = [];
  private partial = '';
  private cursor = 0;
  private ended = false;
  private readonly waiters = new Set<() => void>();

  constructor(stream: NodeJS.ReadableStream, child: ChildProcessWithoutNullStreams) {
    stream.on('data', (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.wake();
    });
    child.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  next(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        while (this.cursor < this.lines.length) {
          const m = (this.lines[this.cursor++] ?? '').match(pattern);
          if (m) {
            this.waiters.delete(check);
            resolve(m);
            return;
          }
        }
        if (this.ended) {
          this.waiters.delete(check);
          reject(new Error(`process exited before printing a line matching ${pattern}; it printed:\n${this.lines.join('\n')}${this.partial}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }
}

const readers = new WeakMap<object, LineReader>();

function readerFor(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr'): LineReader {
  const source = child[stream];
  let reader = readers.get(source);
  if (!reader) {
    reader = new LineReader(source, child);
    readers.set(source, reader);
  }
  return reader;
}

/** Resolves with the next line of the stream matching the pattern (or rejects when the process ends first). */
export function waitForLine(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpMatchArray> {
  return readerFor(child, stream).next(pattern);
}

/** Starts collecting a child's output lines now, so none are missed before the first wait. */
export function collectLines(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  readerFor(child, 'stdout');
  readerFor(child, 'stderr');
  return child;
}
