// The machine's real kubectl: the `kubectl proxy` peer, and `kubectl exec` for stream throughput.
import { existsSync } from 'node:fs';
import { startChild, type Child } from './child';

export const KUBECTL = process.env.BENCH_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export function requireKubectl(): string {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL} (set BENCH_KUBECTL)`);
  return KUBECTL;
}

export interface KubectlProxy extends Child {
  url: string;
}

/**
 * `kubectl proxy` on a free port. It forwards with the kubeconfig's credential and passes the
 * client's other headers on, Impersonate-* included, so the bench client impersonates through it
 * exactly as it does when talking to the API server directly.
 */
export async function startKubectlProxy(kubeconfig: string): Promise<KubectlProxy> {
  const child = await startChild({
    command: requireKubectl(),
    args: ['proxy', '--port=0', '--address=127.0.0.1', `--kubeconfig=${kubeconfig}`],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    ready: /^Starting to serve on (127\.0\.0\.1:\d+)$/,
  });
  return { ...child, url: `http://${child.ready[1]!}` };
}
