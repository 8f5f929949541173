// `cluster: {inCluster: true}` (SPEC §10): the gateway's own ServiceAccount as the leased
// credential, read the way client-go's rest.InClusterConfig reads it — the server from
// KUBERNETES_SERVICE_HOST/PORT, the token and CA from the ServiceAccount directory the kubelet
// mounts. As the inline form with a `tokenFile`, so the token is re-read when the kubelet rotates
// it (projected tokens expire within the hour) and the admin tools and the proxy share one path.
import { isIP } from 'node:net';
import path from 'node:path';
import type { InClusterClusterSource, InlineClusterSource } from '../../../shared/org';
import { CredentialError } from './upstream';

export const DEFAULT_SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The resource's own `serviceAccountDir`, else GATEHOUSE_SERVICEACCOUNT_DIR, else the kubelet's mount. */
export function serviceAccountDir(source: InClusterClusterSource, env: NodeJS.ProcessEnv = process.env): string {
  return source.serviceAccountDir ?? (env.GATEHOUSE_SERVICEACCOUNT_DIR || DEFAULT_SERVICE_ACCOUNT_DIR);
}

/** https://<KUBERNETES_SERVICE_HOST>:<KUBERNETES_SERVICE_PORT>, an IPv6 address in brackets. */
export function inClusterServer(resource: string, env: NodeJS.ProcessEnv = process.env): string {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  if (host === '' || port === '') {
    throw new CredentialError(
      `org resource "${resource}": cluster "inCluster: true" needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT (set by Kubernetes in every pod); is the gateway running in a cluster?`,
    );
  }
  if (!/^\d{1,5}$/.test(port)) throw new CredentialError(`org resource "${resource}": KUBERNETES_SERVICE_PORT ${JSON.stringify(port.slice(0, 20))} is not a port number`);
  return `https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The in-cluster form as the inline one: server, the ServiceAccount's CA and (re-read) token. */
export function inClusterAsInline(resource: string, source: InClusterClusterSource, env: NodeJS.ProcessEnv = process.env): InlineClusterSource & { tokenFile: string } {
  const dir = serviceAccountDir(source, env);
  return { server: inClusterServer(resource, env), certificateAuthority: path.join(dir, 'ca.crt'), tokenFile: path.join(dir, 'token') };
}
