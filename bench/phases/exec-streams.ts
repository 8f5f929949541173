// Exec stream throughput, direct to the API server and through Gatehouse, over both remote-command
// protocols. Each configuration runs `runs` times; the median (by throughput) is kept, and runs
// that lost part of the stream are counted. The CPU each process spends per megabyte (the proxy,
// the cluster, kubectl) is summed over all runs: on 2 cores the stream is as fast as the CPU the
// whole path needs per megabyte allows, so it says what a hop costs whatever else ran.
import { cpuMsOf } from '../lib/cpu';
import { runExec, type ExecProtocol, type ExecRun } from '../lib/exec';

export interface ExecPath {
  label: string;
  kubeconfig: string;
  flags: readonly string[];
  /** Called after each run, e.g. to delete the session recording Gatehouse wrote. */
  afterRun?: () => void;
  /** The proxy process on this path, if any. */
  proxyPid?: number;
}

/** CPU per megabyte relayed, over all runs of one path and protocol; null where not measured. */
export interface ExecCpu {
  proxy: number | null;
  cluster: number | null;
  kubectl: number | null;
}

export interface ExecResult extends ExecRun {
  label: string;
  protocol: ExecProtocol;
  runs: number;
  /** Runs that delivered fewer bytes than asked for (or failed), with what was missing. */
  incomplete: string[];
  cpuMsPerMb: ExecCpu;
}

export async function measureExec(
  paths: readonly ExecPath[],
  target: { namespace: string; pod: string },
  bytes: number,
  runs: number,
  clusterPid: number | null,
): Promise<ExecResult[]> {
  const results: ExecResult[] = [];
  for (const protocol of ['websocket', 'spdy'] as const) {
    for (const path of paths) {
      const samples: ExecRun[] = [];
      const cpu = cpuCounter(path.proxyPid, clusterPid);
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
      const cpuMsPerMb = cpu.perMb(samples);
      const incomplete = samples
        .filter((s) => !s.complete)
        .map((s) => `${bytes - s.bytes} bytes missing, exit ${s.exitCode}${s.problem ? `: ${s.problem}` : ''}`);
      samples.sort((a, b) => a.mbPerSecond - b.mbPerSecond);
      const median = samples[Math.floor(samples.length / 2)]!;
      results.push({ ...median, label: path.label, protocol, runs, incomplete, cpuMsPerMb });
    }
  }
  return results;
}

/** Reads the proxy's and the cluster's CPU now; perMb divides what they and kubectl used since by the MB relayed. */
function cpuCounter(proxyPid: number | undefined, clusterPid: number | null) {
  const read = (pid: number | null | undefined): number | null => (pid == null ? null : cpuMsOf(pid));
  const proxyBefore = read(proxyPid);
  const clusterBefore = read(clusterPid);
  return {
    perMb(samples: readonly ExecRun[]): ExecCpu {
      const mb = samples.reduce((sum, x) => sum + x.bytes, 0) / 1e6;
      const per = (before: number | null, now: number | null): number | null =>
        before === null || now === null || mb === 0 ? null : (now - before) / mb;
      const kubectl = samples.every((x) => x.kubectlCpuMs !== null)
        ? samples.reduce((sum, x) => sum + x.kubectlCpuMs!, 0)
        : null;
      return {
        proxy: per(proxyBefore, read(proxyPid)),
        cluster: per(clusterBefore, read(clusterPid)),
        kubectl: per(kubectl === null ? null : 0, kubectl),
      };
    },
  };
}
