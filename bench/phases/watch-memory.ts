// Memory of a proxy process holding many open watches: its RSS when idle (after a few requests,
// so TLS and the code paths are warm), with every watch open and proven live, and after they close.
import { keepAliveAgent, sendOk, type Endpoint } from '../lib/endpoint';
import { memoryOf, type Memory } from '../lib/memory';
import { openWatches } from '../lib/watches';

export interface WatchMemoryResult {
  label: string;
  count: number;
  idle: Memory;
  withWatches: Memory;
  afterClose: Memory;
  openMs: number;
  /** From the change in the cluster until every watch had seen it. */
  fanoutMs: number;
}

export interface WatchMemoryOptions {
  endpoint: Endpoint;
  pid: number;
  warmupPath: string;
  watchPath: string;
  count: number;
  parallel: number;
  /** Makes a change in the watched collection whose event text contains the given marker. */
  change(marker: string): Promise<void>;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureWatchMemory(opts: WatchMemoryOptions): Promise<WatchMemoryResult> {
  const agent = keepAliveAgent(opts.endpoint);
  for (let i = 0; i < 20; i++) await sendOk(opts.endpoint, agent, opts.warmupPath);
  agent.destroy();
  await settle(1000);
  const idle = memoryOf(opts.pid);

  const watches = await openWatches(opts.endpoint, opts.watchPath, opts.count, opts.parallel);
  try {
    const marker = `bench-${opts.endpoint.label.replace(/\W+/g, '-')}-${Date.now()}`;
    const everywhere = watches.waitForEverywhere(marker, 30_000);
    await opts.change(marker);
    const fanoutMs = await everywhere;
    await settle(2000);
    const withWatches = memoryOf(opts.pid);
    watches.close();
    await settle(2000);
    return {
      label: opts.endpoint.label,
      count: opts.count,
      idle,
      withWatches,
      afterClose: memoryOf(opts.pid),
      openMs: watches.openMs,
      fanoutMs,
    };
  } finally {
    watches.close();
  }
}
