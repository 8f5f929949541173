// The leased credential of an org resource (SPEC §2 `cluster:`), in either form, as an Upstream.
import { KubeConfig } from '@kubernetes/client-node';
import type { OrgResource } from '../../shared/org';
import { KubeConfigUpstream, upstreamFromKubeconfigFile, type Upstream } from '../proxy/upstream';
import { TokenFileUpstream } from '../proxy/token-file-upstream';

export function upstreamForResource(resource: OrgResource): Upstream {
  const source = resource.cluster;
  if ('kubeconfig' in source) return upstreamFromKubeconfigFile(source.kubeconfig, source.context);

  const kc = new KubeConfig();
  const name = `gatehouse-leased-${resource.name}`;
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
  const upstream = new KubeConfigUpstream(kc, `org resource "${resource.name}" (inline cluster)`);
  return source.tokenFile ? new TokenFileUpstream(upstream, source.tokenFile) : upstream;
}
