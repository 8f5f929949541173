// Memory and CPU of other processes while columns take turns: CPU time (and the wall time it is
// divided by) is added to whichever column's turn it is, RSS is read once a second (so the peak
// under load is seen, not only the reading at the end) and filed under that column too. The bench
// process's own CPU is counted the same way: it generates the load on the same cores. A process
// that has exited stops being sampled instead of failing the whole run.
import { cpuMsOf } from './cpu';
import { memoryOf } from './memory';

export interface ProcessUsage {
  label: string;
  /** CPU time (user + system) used during the column's turns. */
  cpuMs: number;
  /** cpuMs over the turns' wall time: 1.0 is one core busy all the time. */
  cores: number;
  /** The first, mean, highest and last of the once-a-second readings in the column's turns. */
  rssStartMb: number;
  rssMeanMb: number;
  rssMaxMb: number;
  rssEndMb: number;
  /** VmHWM at the end: the peak since the process started. */
  peakMb: number;
}

export interface ColumnUsage {
  processes: ProcessUsage[];
  wallMs: number;
  clientCpuMs: number;
}

export interface ColumnSampler {
  /** From now on it is `column`'s turn. */
  turn(column: number): void;
  stop(): ColumnUsage[];
}

const safe = <T>(read: () => T): T | null => {
  try {
    return read();
  } catch {
    return null; // exited: its last readings stand
  }
};

const clientCpuMs = (): number => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

export function sampleByColumn(
  processes: readonly { label: string; pid: number }[],
  columns: number,
  everyMs = 1000,
): ColumnSampler {
  const cpu = Array.from({ length: columns }, () => processes.map(() => 0));
  const rss = Array.from({ length: columns }, () => processes.map((): number[] => []));
  const wall = Array.from({ length: columns }, () => 0);
  const client = Array.from({ length: columns }, () => 0);
  let current = 0;
  let lastCpu = processes.map((p) => cpuMsOf(p.pid));
  let lastWall = performance.now();
  let lastClient = clientCpuMs();
  const settle = (): void => {
    const now = processes.map((p, i) => safe(() => cpuMsOf(p.pid)) ?? lastCpu[i]!);
    for (const i of processes.keys()) cpu[current]![i]! += now[i]! - lastCpu[i]!;
    lastCpu = now;
    const t = performance.now();
    wall[current]! += t - lastWall;
    lastWall = t;
    const c = clientCpuMs();
    client[current]! += c - lastClient;
    lastClient = c;
  };
  const read = (): void => {
    for (const [i, p] of processes.entries()) {
      const m = safe(() => memoryOf(p.pid));
      if (m) rss[current]![i]!.push(m.rssMb);
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    turn(column) {
      settle();
      current = column;
      read();
    },
    stop() {
      clearInterval(timer);
      read();
      settle();
      return wall.map((wallMs, c) => ({
        wallMs,
        clientCpuMs: client[c]!,
        processes: processes.map((p, i) => {
          const r = rss[c]![i]!;
          return {
            label: p.label,
            cpuMs: cpu[c]![i]!,
            cores: cpu[c]![i]! / wallMs,
            rssStartMb: r[0] ?? Number.NaN,
            rssMeanMb: r.reduce((s, v) => s + v, 0) / r.length,
            rssMaxMb: Math.max(...r),
            rssEndMb: r[r.length - 1] ?? Number.NaN,
            peakMb: safe(() => memoryOf(p.pid).peakMb) ?? Number.NaN,
          };
        }),
      }));
    },
  };
}
