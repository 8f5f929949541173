// The three paths to one upstream, ready to measure: direct (the bench client impersonates
// itself), `gatehouse connect` for an org resource pointing at the upstream, and `kubectl proxy`
// with the upstream's kubeconfig. The proxy processes are recorded in `children` for clean-up.
import type { Child } from './child';
import { endpointFromKubeconfig, plainEndpoint, type Endpoint, type Headers } from './endpoint';
import { startGatehouse, type Gatehouse } from './gatehouse';
import { startKubectlProxy, type KubectlProxy } from './kubectl';
import { COLUMN } from './results';

export interface Columns {
  endpoints: Endpoint[];
  /** Proxy process per column label, for CPU and memory readings. */
  pids: Map<string, number>;
  gatehouse: Gatehouse;
  kubectlProxy: KubectlProxy;
}

export interface ColumnsOptions {
  /** The leased credential for the upstream. */
  upstreamKubeconfig: string;
  org: string;
  resource: string;
  user: string;
  /** GATEHOUSE_HOME of the Gatehouse process. */
  home: string;
  impersonate: Headers;
}

export async function startColumns(opts: ColumnsOptions, children: Child[]): Promise<Columns> {
  const gatehouse = await startGatehouse({ home: opts.home, org: opts.org, user: opts.user, resource: opts.resource });
  children.push(gatehouse);
  const kubectlProxy = await startKubectlProxy(opts.upstreamKubeconfig);
  children.push(kubectlProxy);
  return {
    endpoints: [
      await endpointFromKubeconfig(COLUMN.direct, opts.upstreamKubeconfig, opts.impersonate),
      await endpointFromKubeconfig(COLUMN.gatehouse, gatehouse.kubeconfig),
      plainEndpoint(COLUMN.kubectlProxy, kubectlProxy.url, opts.impersonate),
    ],
    pids: new Map([
      [COLUMN.gatehouse, gatehouse.pid],
      [COLUMN.kubectlProxy, kubectlProxy.pid],
    ]),
    gatehouse,
    kubectlProxy,
  };
}
