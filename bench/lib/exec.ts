// Exec stream throughput: real `kubectl exec` writing a fixed number of bytes to stdout, which the
// bench counts and drops. Throughput is measured from the first byte to the end of the stream, so
// kubectl's own start-up and the upgrade handshake (reported separately) do not dilute it.
// A run that delivers fewer bytes than asked for is reported as such, not dropped: a stream that
// loses its tail is a finding in itself.
import { spawn } from 'node:child_process';
import { requireKubectl } from './kubectl';
import { megabytesPerSecond } from './stats';

export type ExecProtocol = 'websocket' | 'spdy';

export interface ExecRun {
  bytes: number;
  /** All expected bytes arrived and kubectl exited 0. */
  complete: boolean;
  exitCode: number | null;
  /** kubectl's stderr when the run was not complete. */
  problem: string;
  totalMs: number;
  firstByteMs: number;
  mbPerSecond: number;
}

export interface ExecOptions {
  kubeconfig: string;
  /** Extra kubectl flags, e.g. --as/--as-group for the direct column. */
  flags: readonly string[];
  protocol: ExecProtocol;
  namespace: string;
  pod: string;
  command: readonly string[];
  expectBytes: number;
}

export function runExec(opts: ExecOptions): Promise<ExecRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: opts.kubeconfig };
  // kubectl ≥1.30 uses websockets by default; this switch brings back SPDY.
  if (opts.protocol === 'spdy') env.KUBECTL_REMOTE_COMMAND_WEBSOCKETS = 'false';
  const args = [...opts.flags, 'exec', '-n', opts.namespace, opts.pod, '--', ...opts.command];
  const started = performance.now();
  const child = spawn(requireKubectl(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let bytes = 0;
  let firstByte = 0;
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (bytes === 0) firstByte = performance.now();
    bytes += chunk.length;
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ended = performance.now();
      const complete = code === 0 && bytes === opts.expectBytes;
      resolve({
        bytes,
        complete,
        exitCode: code,
        problem: complete ? '' : (stderr.trim().split('\n').slice(-1)[0] ?? ''),
        totalMs: ended - started,
        firstByteMs: firstByte - started,
        mbPerSecond: megabytesPerSecond(bytes, ended - firstByte),
      });
    });
  });
}
