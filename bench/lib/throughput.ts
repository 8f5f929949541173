// Large-body throughput: the same big GET (a LIST of thousands of objects, or fixed bytes from
// the trivial upstream) repeated per column, columns taking turns. The median run is reported,
// so one GC pause or scheduler hiccup does not decide the number.
import { cpuMsOf } from './cpu';
import { keepAliveAgent, sendOk, type Endpoint } from './endpoint';
import { median, megabytesPerSecond } from './stats';

export interface ThroughputResult {
  label: string;
  bytes: number;
  runs: number;
  medianMs: number;
  mbPerSecond: number;
  /** CPU the column's proxy process spent per MB relayed (warm-up included), when it has one. */
  proxyCpuMsPerMb: number | null;
}

/** `pids`: proxy processes by column label, whose CPU per MB is reported too. */
export async function measureThroughput(
  endpoints: readonly Endpoint[],
  path: string,
  runs: number,
  pids: ReadonlyMap<string, number> = new Map(),
): Promise<ThroughputResult[]> {
  const agents = endpoints.map((e) => keepAliveAgent(e));
  const times = endpoints.map((): number[] => []);
  const bytes = endpoints.map(() => 0);
  const cpuBefore = new Map([...pids].map(([label, pid]) => [label, cpuMsOf(pid)]));
  try {
    // One warm-up each: connection set up, server caches filled.
    for (const [i, endpoint] of endpoints.entries()) await sendOk(endpoint, agents[i]!, path);
    for (let run = 0; run < runs; run++) {
      for (const [i, endpoint] of endpoints.entries()) {
        const ex = await sendOk(endpoint, agents[i]!, path);
        times[i]!.push(ex.ms);
        bytes[i] = ex.bytes;
      }
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return endpoints.map((e, i) => {
    const medianMs = median(times[i]!);
    const pid = pids.get(e.label);
    const proxyCpuMsPerMb =
      pid === undefined ? null : (cpuMsOf(pid) - cpuBefore.get(e.label)!) / (((runs + 1) * bytes[i]!) / 1e6);
    return {
      label: e.label,
      bytes: bytes[i]!,
      runs,
      medianMs,
      mbPerSecond: megabytesPerSecond(bytes[i]!, medianMs),
      proxyCpuMsPerMb,
    };
  });
}
