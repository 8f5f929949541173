// The Kubernetes APIs the admin tools use, bound to one credential, with a deadline on every
// request: a cluster that never answers (a blackholed address) must not hang the doctor.
// client-node is loaded on the first client (app/domain/proxy/lazy-client-node.ts).
import type {
  ApisApi,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  VersionApi,
  Configuration,
} from '@kubernetes/client-node';
import { loadClientNode, type ClientNodeModule } from '../proxy/lazy-client-node';
import { withKeptAliveAgents } from './kept-alive-agents';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface ClusterClient {
  /** The API server URL, for messages. */
  readonly server: string;
  readonly version: VersionApi;
  readonly apis: ApisApi;
  readonly core: CoreV1Api;
  readonly rbac: RbacAuthorizationV1Api;
  readonly authorization: AuthorizationV1Api;
  readonly authentication: AuthenticationV1Api;
}

export interface ClusterClientOptions {
  timeoutMs?: number;
}

function configurationFor(k: ClientNodeModule, kc: KubeConfig, timeoutMs: number): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no cluster in its current context');
  return k.createConfiguration({
    baseServer: new k.ServerConfiguration(cluster.server, {}),
    // One connection for a client's requests, not a TLS handshake each (kept-alive-agents.ts).
    authMethods: { default: withKeptAliveAgents(kc) },
    promiseMiddleware: [
      {
        pre: async (request) => {
          request.setSignal(AbortSignal.timeout(timeoutMs));
          return request;
        },
        post: async (response) => response,
      },
    ],
  });
}

export async function clusterClient(kc: KubeConfig, options: ClusterClientOptions = {}): Promise<ClusterClient> {
  const k = await loadClientNode();
  const config = configurationFor(k, kc, options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  return {
    server: kc.getCurrentCluster()?.server ?? '',
    version: new k.VersionApi(config),
    apis: new k.ApisApi(config),
    core: new k.CoreV1Api(config),
    rbac: new k.RbacAuthorizationV1Api(config),
    authorization: new k.AuthorizationV1Api(config),
    authentication: new k.AuthenticationV1Api(config),
  };
}
