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
  /** User + system CPU kubectl used for the run; null when bash did not say. */
  kubectlCpuMs: number | null;
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

/** Runs "$0" "$@" and prints the children's CPU times (bash `times`, second line) on fd 3. */
const KUBECTL_TIMED = '"$0" "$@"; status=$?; times >&3; exit $status';

/** "0m1.234s 0m0.567s" (the children's user and system time) in ms. */
function kubectlCpuMs(times: string): number | null {
  const line = times.trim().split('\n')[1] ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return parts.length === 2 ? parts[0]! + parts[1]! : null;
}

export function runExec(opts: ExecOptions): Promise<ExecRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: opts.kubeconfig };
  // kubectl ≥1.30 uses websockets by default; this switch brings back SPDY.
  if (opts.protocol === 'spdy') env.KUBECTL_REMOTE_COMMAND_WEBSOCKETS = 'false';
  const args = [...opts.flags, 'exec', '-n', opts.namespace, opts.pod, '--', ...opts.command];
  const started = performance.now();
  // Through bash, whose `times` then says on fd 3 how much CPU kubectl used (its rusage, which
  // Node does not give for a child): the CPU the client side of the stream costs per megabyte.
  const child = spawn('/bin/bash', ['-c', KUBECTL_TIMED, requireKubectl(), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const [, stdout, stderrPipe, timesPipe] = child.stdio;
  if (!stdout || !stderrPipe || !timesPipe) throw new Error('kubectl exec: its pipes were not made');
  let times = '';
  timesPipe.on('data', (chunk: Buffer) => (times += chunk.toString()));
  let bytes = 0;
  let firstByte = 0;
  let stderr = '';
  stdout.on('data', (chunk: Buffer) => {
    if (bytes === 0) firstByte = performance.now();
    bytes += chunk.length;
  });
  stderrPipe.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
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
        kubectlCpuMs: kubectlCpuMs(times),
        totalMs: ended - started,
        firstByteMs: firstByte - started,
        mbPerSecond: megabytesPerSecond(bytes, ended - firstByte),
      });
    });
  });
}
