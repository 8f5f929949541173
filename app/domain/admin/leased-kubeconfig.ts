// The leased credential of a resource as a client-node KubeConfig, for the admin tools' one-shot
// API calls (the proxy keeps its own long-lived Upstream; see app/domain/proxy/upstream-for-resource.ts).
// client-node is loaded on the first call, not when a host starts (app/domain/proxy/lazy-client-node.ts).
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeconfigClusterSource, OrgResource } from '../../../shared/org';
import { inClusterAsInline } from '../proxy/in-cluster';
import { inlineClusterKubeConfig, upstreamOptions } from '../proxy/upstream-for-resource';
import { loadClientNode } from '../proxy/lazy-client-node';
import { CredentialError, KubeConfigUpstream } from '../proxy/upstream';

function fromKubeconfigFile(kc: KubeConfig, source: KubeconfigClusterSource): KubeConfig {
  try {
    kc.loadFromFile(source.kubeconfig);
  } catch (err) {
    throw new CredentialError(`kubeconfig ${source.kubeconfig}: ${(err as Error).message}`);
  }
  if (source.context !== undefined) {
    if (!kc.getContextObject(source.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new CredentialError(
        `kubeconfig ${source.kubeconfig}: context "${source.context}" not found (has: ${known})`,
      );
    }
    kc.setCurrentContext(source.context);
  } else if (!kc.getCurrentContext()) {
    throw new CredentialError(`kubeconfig ${source.kubeconfig}: no current-context; set "context:" in the org file`);
  }
  return kc;
}

/** Read once per call: admin checks are short-lived, so a rotated file is picked up by the next run. */
function readTokenFile(file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new CredentialError(`token file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (token === '') throw new CredentialError(`token file ${file} is empty`);
  return token;
}

/**
 * client-node refuses an http:// server unless TLS verification is "skipped"; there is no TLS to
 * verify, and the proxy accepts such servers (e.g. `kubectl proxy` or a local gateway), so the
 * admin tools must too.
 */
function allowPlainHttp(kc: KubeConfig): void {
  kc.clusters = kc.clusters.map((cluster) =>
    cluster.server.startsWith('http://') ? { ...cluster, skipTLSVerify: true } : cluster,
  );
}

/**
 * The leased credential of `resource`, either form of its `cluster:` block. Throws CredentialError
 * (naming the file or resource, never the secret) when it cannot be used — by the same rules as the
 * proxy, so the doctor never passes a credential the proxy would refuse.
 */
export async function leasedKubeConfig(resource: OrgResource): Promise<KubeConfig> {
  const source = resource.cluster;
  const kc = new (await loadClientNode()).KubeConfig();
  let origin: string;
  if ('kubeconfig' in source) {
    fromKubeconfigFile(kc, source);
    origin = `kubeconfig ${source.kubeconfig}`;
  } else {
    // inCluster: the gateway's ServiceAccount, as inline fields (app/domain/proxy/in-cluster.ts).
    const { tokenFile, ...inline } = 'inCluster' in source ? inClusterAsInline(resource.name, source) : source;
    kc.loadFromOptions(
      inlineClusterKubeConfig(
        resource.name,
        tokenFile === undefined ? inline : { ...inline, token: readTokenFile(tokenFile) },
      ),
    );
    origin = `org resource "${resource.name}" (${'inCluster' in source ? 'in-cluster ServiceAccount' : 'inline cluster'})`;
  }
  // The proxy's own validation (server URL, no "as:" in the kubeconfig); nothing is opened yet.
  new KubeConfigUpstream(kc, origin, upstreamOptions(resource)).close();
  allowPlainHttp(kc);
  return kc;
}
