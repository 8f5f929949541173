// The Kubernetes APIs the admin tools use, bound to one credential, with a deadline on every
// request: a cluster that never answers (a blackholed address) must not hang the doctor.
import {
  ApisApi,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  createConfiguration,
  KubeConfig,
  RbacAuthorizationV1Api,
  ServerConfiguration,
  VersionApi,
  type Configuration,
} from '@kubernetes/client-node';

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

function configurationFor(kc: KubeConfig, timeoutMs: number): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no cluster in its current context');
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
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

export function clusterClient(kc: KubeConfig, options: ClusterClientOptions = {}): ClusterClient {
  const config = configurationFor(kc, options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  return {
    server: kc.getCurrentCluster()?.server ?? '',
    version: new VersionApi(config),
    apis: new ApisApi(config),
    core: new CoreV1Api(config),
    rbac: new RbacAuthorizationV1Api(config),
    authorization: new AuthorizationV1Api(config),
    authentication: new AuthenticationV1Api(config),
  };
}
