// Everything one bench run measured, as the report and the target checks read it.
import type { ExecResult } from '../phases/exec-streams';
import type { GatewayLoadResult } from '../phases/gateway-load';
import type { HostsResult } from '../phases/idle-rss';
import type { WatchesResult } from '../phases/watch-memory';
import type { LatencyResult } from './latency';
import type { Machine } from './machine';
import type { ThroughputResult } from './throughput';

export const COLUMN = { direct: 'direct', gatehouse: 'gatehouse', kubectlProxy: 'kubectl proxy' } as const;

export interface BenchResults {
  date: string;
  durationS: number;
  /** 1-minute load average when the run ended. */
  loadAtEnd: number;
  machine: Machine;
  serverVersion: string;
  identity: { email: string; groups: string[] };
  setup: {
    getPath: string;
    getCount: number;
    getWarmup: number;
    listPath: string;
    configMaps: number;
    listRuns: number;
    execBytes: number;
    execRuns: number;
  };
  get: LatencyResult[];
  trivialGet: LatencyResult[];
  list: ThroughputResult[];
  trivialLarge: ThroughputResult[];
  /** Memory with many watches, HTTP/2 and HTTP/1.1 (bench/phases/watch-memory.ts); null when not run. */
  watches: WatchesResult | null;
  exec: ExecResult[];
  /** Idle memory and start-up of the desktop hosts (bench/phases/idle-rss.ts); null when not run. */
  hosts: HostsResult | null;
  /** The gateway under a crowd of people (bench/phases/gateway-load.ts); null when not run. */
  gatewayLoad: GatewayLoadResult | null;
}

export function byLabel<T extends { label: string }>(rows: readonly T[], label: string): T {
  const row = rows.find((r) => r.label === label);
  if (!row) throw new Error(`no result for column "${label}"`);
  return row;
}
