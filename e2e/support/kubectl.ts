// Runs the machine's real kubectl binaries (several versions are installed side by side).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';

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

function kubectlEnv(opts: KubectlOptions): NodeJS.ProcessEnv {
  // A clean environment: nothing from the developer's own kubeconfig or proxy settings leaks in.
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    KUBECONFIG: opts.kubeconfig,
    ...opts.env,
  };
}

/** Starts kubectl and leaves it running (watch, logs -f, port-forward, interactive exec). */
export function spawnKubectl(args: string[], opts: KubectlOptions): ChildProcessWithoutNullStreams {
  return spawn(kubectlPath(opts.version ?? '1.33'), args, { env: kubectlEnv(opts), cwd: opts.cwd });
}

/** Runs kubectl to completion and returns its exit code and output. */
export function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  const child = spawnKubectl(args, opts);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => stdout.push(c));
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  child.stdin.end(opts.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}

/** Resolves with the first line of the stream matching the pattern (or rejects when it ends first). */
export function waitForLine(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  stream: 'stdout' | 'stderr' = 'stdout',
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let all = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      all += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = line.match(pattern);
        if (m) {
          child[stream].off('data', onData);
          resolve(m);
          return;
        }
      }
    };
    child[stream].on('data', onData);
    child.on('close', (code) =>
      reject(new Error(`kubectl exited (${code}) before printing a line matching ${pattern}; it printed:\n${all}`)),
    );
  });
}
