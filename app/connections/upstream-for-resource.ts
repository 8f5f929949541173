// The leased credential of an org resource (SPEC §2 `cluster:`), in either form, as an Upstream.
import { KubeConfig } from '@kubernetes/client-node';
import type { InlineClusterSource, OrgResource } from '../../shared/org';
import { KubeConfigUpstream, upstreamFromKubeconfigFile, type Upstream } from '../proxy/upstream';
import { TokenFileUpstream } from '../proxy/token-file-upstream';

export function upstreamForResource(resource: OrgResource): Upstream {
  const source = resource.cluster;
  if ('kubeconfig' in source) return upstreamFromKubeconfigFile(source.kubeconfig, source.context);

  const kc = inlineClusterKubeConfig(resource.name, source);
  const upstream = new KubeConfigUpstream(kc, `org resource "${resource.name}" (inline cluster)`);
  return source.tokenFile ? new TokenFileUpstream(upstream, source.tokenFile) : upstream;
}

/** The inline `cluster:` form as a KubeConfig (a `tokenFile` is left to the caller: it is re-read as it rotates). */
export function inlineClusterKubeConfig(resourceName: string, source: InlineClusterSource): KubeConfig {
  const kc = new KubeConfig();
  const name = `gatehouse-leased-${resourceName}`;
  kc.loadFromOptions({
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
  });
  return kc;
}
