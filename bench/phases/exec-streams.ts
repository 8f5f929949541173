// Exec stream throughput, direct to the API server and through Gatehouse, over both remote-command
// protocols. Each configuration runs `runs` times; the median (by throughput) is kept, and runs
// that lost part of the stream are counted.
import { runExec, type ExecProtocol, type ExecRun } from '../lib/exec';

export interface ExecPath {
  label: string;
  kubeconfig: string;
  flags: readonly string[];
  /** Called after each run, e.g. to delete the session recording Gatehouse wrote. */
  afterRun?: () => void;
}

export interface ExecResult extends ExecRun {
  label: string;
  protocol: ExecProtocol;
  runs: number;
  /** Runs that delivered fewer bytes than asked for (or failed), with what was missing. */
  incomplete: string[];
}

export async function measureExec(
  paths: readonly ExecPath[],
  target: { namespace: string; pod: string },
  bytes: number,
  runs: number,
): Promise<ExecResult[]> {
  const results: ExecResult[] = [];
  for (const protocol of ['websocket', 'spdy'] as const) {
    for (const path of paths) {
      const samples: ExecRun[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(
          await runExec({
            kubeconfig: path.kubeconfig,
            flags: path.flags,
            protocol,
            ...target,
            command: ['head', '-c', String(bytes), '/dev/zero'],
            expectBytes: bytes,
          }),
        );
        path.afterRun?.();
      }
      const incomplete = samples
        .filter((s) => !s.complete)
        .map((s) => `${bytes - s.bytes} bytes missing, exit ${s.exitCode}${s.problem ? `: ${s.problem}` : ''}`);
      samples.sort((a, b) => a.mbPerSecond - b.mbPerSecond);
      const median = samples[Math.floor(samples.length / 2)]!;
      results.push({ ...median, label: path.label, protocol, runs, incomplete });
    }
  }
  return results;
}
