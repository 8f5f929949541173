// What "Update kubectl configuration" writes for each assigned resource: its stable port, the
// person's local token for it and the machine's CA — the very ones its listener serves.
import type { Org } from '../../../shared/org';
import type { LoopbackEntry } from '../../domain/kubeconfig';
import type { AppPaths } from '../../platform/paths';
import { ensureLocalTls } from '../../domain/proxy/local-tls';
import { PortStore, type PortRange } from '../state/port-store';
import { TokenStore } from '../state/token-store';

/**
 * With `rotateTokens`, each resource gets a new local token first; the old one is refused from then
 * on. `org` null: gateway mode, where no org file fixes a port.
 */
export async function kubeconfigEntries(
  paths: AppPaths,
  org: Org | null,
  user: string,
  resources: readonly string[],
  portRange?: PortRange,
  rotateTokens = false,
): Promise<LoopbackEntry[]> {
  const ports = new PortStore(paths.ports, portRange);
  const tokens = new TokenStore(paths.tokens);
  const { caPem } = ensureLocalTls(paths.tls);
  const fixedPorts = new Set((org?.resources ?? []).flatMap((r) => (r.port === undefined ? [] : [r.port])));
  const entries: LoopbackEntry[] = [];
  for (const name of resources) {
    const fixed = org?.resources.find((r) => r.name === name)?.port;
    const token = rotateTokens ? tokens.rotate(user, name) : tokens.get(user, name);
    entries.push({ resource: name, port: await ports.portFor(name, fixed, fixedPorts), token, caPem });
  }
  return entries;
}
