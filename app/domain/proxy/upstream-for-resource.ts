// The leased credential of an org resource (SPEC §2 `cluster:`), in either form, as an Upstream.
import type { InlineClusterSource, OrgResource } from '../../../shared/org';
import type { KubeconfigData } from './kubeconfig-file';
import { KubeConfigUpstream, upstreamFromKubeconfigFile, type Upstream, type UpstreamOptions } from './upstream';
import { TokenFileUpstream } from './token-file-upstream';
import { inClusterAsInline } from './in-cluster';

export function upstreamForResource(resource: OrgResource): Upstream {
  const options = upstreamOptions(resource);
  if ('kubeconfig' in resource.cluster) return upstreamFromKubeconfigFile(resource.cluster.kubeconfig, resource.cluster.context, options);

  const inCluster = 'inCluster' in resource.cluster;
  const source = 'inCluster' in resource.cluster ? inClusterAsInline(resource.name, resource.cluster) : resource.cluster;
  const kc = inlineClusterKubeConfig(resource.name, source);
  const upstream = new KubeConfigUpstream(kc, `org resource "${resource.name}" (${inCluster ? 'in-cluster ServiceAccount' : 'inline cluster'})`, options);
  return source.tokenFile ? new TokenFileUpstream(upstream, source.tokenFile) : upstream;
}

/** What the upstream needs to know of the resource besides its credential: may it use plain http? */
export function upstreamOptions(resource: OrgResource): UpstreamOptions {
  return { insecureHttp: resource.insecureHttp === true, resource: resource.name };
}

/**
 * The inline `cluster:` form as a kubeconfig (a `tokenFile` is left to the caller: it is re-read as
 * it rotates). Plain data in client-node's shapes: the admin tools load it into a client-node
 * KubeConfig (KubeConfig.loadFromOptions), the proxy applies it without client-node.
 */
export function inlineClusterKubeConfig(resourceName: string, source: InlineClusterSource): KubeconfigData {
  const name = `gatehouse-leased-${resourceName}`;
  return {
    clusters: [
      {
        name,
        server: source.server,
        caData: source.certificateAuthorityData,
        caFile: source.certificateAuthority,
        skipTLSVerify: source.insecureSkipTLSVerify ?? false,
      },
    ],
    users: [
      {
        name,
        token: source.token,
        certData: source.clientCertificateData,
        certFile: source.clientCertificate,
        keyData: source.clientKeyData,
        keyFile: source.clientKey,
      },
    ],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  };
}
