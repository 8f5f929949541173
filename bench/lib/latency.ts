// Small-GET latency: many sequential requests over one warm keep-alive connection per column.
// Columns take turns in rounds so slow drift on the machine (GC, audit log growth, other load)
// spreads over all of them instead of landing on whichever ran last.
import { cpuMsOf } from './cpu';
import { keepAliveAgent, sendOk, type Endpoint } from './endpoint';
import { summarizeLatency, type LatencySummary } from './stats';

export interface LatencyOptions {
  path: string;
  warmup: number;
  count: number;
  rounds: number;
  /** Proxy processes by column label: their CPU per request is reported too. */
  pids?: ReadonlyMap<string, number>;
}

export interface LatencyResult extends LatencySummary {
  label: string;
  bodyBytes: number;
  /** CPU the column's proxy process spent per request (warm-up included), when it has one. */
  proxyCpuUs: number | null;
}

export async function measureLatency(endpoints: readonly Endpoint[], opts: LatencyOptions): Promise<LatencyResult[]> {
  const agents = endpoints.map((e) => keepAliveAgent(e));
  const samples = endpoints.map((): number[] => []);
  const bodyBytes = endpoints.map(() => 0);
  const cpuBefore = new Map([...(opts.pids ?? [])].map(([label, pid]) => [label, cpuMsOf(pid)]));
  const perRound = Math.ceil(opts.count / opts.rounds);
  try {
    for (const [i, endpoint] of endpoints.entries()) {
      for (let n = 0; n < opts.warmup; n++) bodyBytes[i] = (await sendOk(endpoint, agents[i]!, opts.path)).bytes;
    }
    for (let round = 0; round < opts.rounds; round++) {
      for (const [i, endpoint] of endpoints.entries()) {
        for (let n = 0; n < perRound; n++) samples[i]!.push((await sendOk(endpoint, agents[i]!, opts.path)).ms);
      }
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const requests = opts.warmup + perRound * opts.rounds;
  const cpuUs = (label: string): number | null => {
    const pid = opts.pids?.get(label);
    return pid === undefined ? null : ((cpuMsOf(pid) - cpuBefore.get(label)!) * 1000) / requests;
  };
  return endpoints.map((e, i) => ({
    label: e.label,
    bodyBytes: bodyBytes[i]!,
    proxyCpuUs: cpuUs(e.label),
    ...summarizeLatency(samples[i]!),
  }));
}
