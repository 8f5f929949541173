// The cluster side of a resource: where it is and how the leased credential authenticates. The
// kubeconfig is read by kubeconfig-file.ts and its credential applied by kubeconfig-credential.ts,
// with @kubernetes/client-node's rules, so every credential kind it understands works here —
// tokens, client certificates, exec plugins (EKS/GKE style, refreshed as they expire), auth
// providers — while client-node itself is loaded only for the last two (it costs ~60 MB of RSS).
// Kept behind the small Upstream interface (SPEC §9): a gateway is another one (gateway-upstream.ts).
import { GatehouseError } from '../../../shared/errors';
import http from 'node:http';
import https from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import { isLoopbackHost, plainHttpHint } from '../../../shared/org-schema-plain-http';
import { H2SessionPool } from './h2-session-pool';
import { KubeconfigCredential, type CredentialOptions } from './kubeconfig-credential';
import { currentCluster, currentUser, named, readKubeconfigFile, type KubeconfigData } from './kubeconfig-file';

export interface UpstreamTarget {
  /** Keep-alive agent for ordinary requests. */
  agent: http.Agent;
  /** Options for a dedicated connection (upgrades): the same TLS material as the agent's. */
  connection: https.RequestOptions;
  /** Headers that authenticate the leased credential. */
  headers: Record<string, string>;
  /**
   * HTTP/2 sessions with the same TLS material as the agent, for the ordinary requests `use` names
   * (the agent carries the rest, upgrades always); absent: HTTP/1.1 only.
   */
  http2?: { pool: H2SessionPool; use: 'all' | 'streams' };
}

/**
 * Which ordinary requests go to the API server over HTTP/2. `streams`: watches and followed logs,
 * which then share a few sessions instead of holding a TLS connection each (a watch costs a
 * stream, not ~57 KB of socket); `all`: every request; `off`: HTTP/1.1 only. Upgrades (exec,
 * attach, port-forward) are HTTP/1.1 whatever this says. A server that does not offer h2 gets
 * HTTP/1.1 in any case, and http:// servers never get HTTP/2 (no h2c).
 */
export type UpstreamHttp2 = 'all' | 'streams' | 'off';

/**
 * The default, by measurement (bench/ANALYSIS.md, "HTTP/2 on the listener and to the API server"):
 * `all` cost ~60–90 µs more CPU per small GET than a keep-alive socket, on the desktop proxy and on
 * the gateway alike, and won nothing in wall clock; the watches are what HTTP/2 upstream is for.
 */
export const DEFAULT_UPSTREAM_HTTP2: UpstreamHttp2 = 'streams';

/** Overrides the default for a whole process, for measuring one against the other. */
export const UPSTREAM_HTTP2_ENV = 'GATEHOUSE_UPSTREAM_HTTP2';

/** The option, else the environment's override, else the default; a misspelt override is an error. */
export function upstreamHttp2Mode(
  option: UpstreamHttp2 | undefined,
  env: NodeJS.ProcessEnv = process.env,
): UpstreamHttp2 {
  if (option !== undefined) return option;
  const value = env[UPSTREAM_HTTP2_ENV];
  if (value === undefined || value === '') return DEFAULT_UPSTREAM_HTTP2;
  if (value === 'all' || value === 'streams' || value === 'off') return value;
  throw new CredentialError(
    `${UPSTREAM_HTTP2_ENV}=${JSON.stringify(value.slice(0, 20))} is not one of all, streams, off`,
  );
}

export interface Upstream {
  readonly server: URL;
  /**
   * What answers at `server`. `cluster` (the default): a Kubernetes API server, to which Gatehouse
   * sends the leased credential and the person as Impersonate-*. `gateway`: a Gatehouse gateway
   * (the desktop's forwarder, SPEC §10), which verifies the person's ID token and impersonates
   * them itself; it is named in errors, and no Impersonate-* is added for it.
   */
  readonly nextHop?: 'cluster' | 'gateway';
  /** Put before every request target (the gateway's `/k8s/<resource>`); none for a cluster. */
  readonly pathPrefix?: string;
  /** Fresh credentials for the next request (cheap when nothing expired). */
  target(): Promise<UpstreamTarget>;
  close(): void;
}

export interface UpstreamOptions {
  /** The org resource's `insecureHttp: true`: a non-loopback http:// server is accepted. */
  insecureHttp?: boolean;
  /** The org resource, named in errors. */
  resource?: string;
  /** Default: DEFAULT_UPSTREAM_HTTP2, or GATEHOUSE_UPSTREAM_HTTP2. */
  http2?: UpstreamHttp2;
}

/**
 * A leased credential that cannot be used, said with where it came from and never the secret.
 * Kind `config`: the org file points at it (SPEC §7: exit 2).
 */
export class CredentialError extends GatehouseError {
  constructor(message: string) {
    super('config', message);
  }
}

type TlsMaterial = Pick<
  https.RequestOptions,
  'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

function tlsKey(t: TlsMaterial): string {
  const s = (v: unknown): string => (v === undefined ? '' : Buffer.isBuffer(v) ? v.toString('base64') : String(v));
  return [t.ca, t.cert, t.key, t.pfx, t.rejectUnauthorized, t.servername].map(s).join('|');
}

export class KubeConfigUpstream implements Upstream {
  readonly server: URL;
  private agent: http.Agent | null = null;
  /** HTTP/2 sessions with the agent's TLS material, made and replaced with it. */
  private pool: H2SessionPool | null = null;
  private agentKey = '';
  private readonly http2: UpstreamHttp2;
  /** Exec plugins and auth providers hand out credentials that expire; the rest never change. */
  private readonly refreshes: boolean;
  private fixed: UpstreamTarget | null = null;
  private readonly credential: KubeconfigCredential;

  /** `kubeConfig`: a kubeconfig as kubeconfig-file.ts reads it, or a client-node KubeConfig (same fields). */
  constructor(
    kubeConfig: KubeconfigData,
    private readonly source: string,
    options: UpstreamOptions = {},
  ) {
    const cluster = currentCluster(kubeConfig);
    if (!cluster) throw new CredentialError(`${source}: no cluster in the current context`);
    try {
      this.server = new URL(cluster.server);
    } catch {
      throw new CredentialError(`${source}: cluster server "${cluster.server}" is not a URL`);
    }
    if (this.server.protocol !== 'https:' && this.server.protocol !== 'http:') {
      throw new CredentialError(`${source}: cluster server must be https:// (or http://), got ${this.server.protocol}`);
    }
    // The same rule the org schema applies to inline servers (shared/org-schema-plain-http.ts); a
    // kubeconfig file's server is only known here. The hostname is the one Node will connect to.
    if (this.server.protocol === 'http:' && options.insecureHttp !== true && !isLoopbackHost(this.server.hostname)) {
      const where =
        options.resource === undefined
          ? 'on the resource in the org file'
          : `on resource "${options.resource}" in the org file`;
      throw new CredentialError(
        `${source}: cluster "${cluster.name}" server ${this.server.origin}: http:// would send the leased credential in clear text; ${plainHttpHint(where)}`,
      );
    }
    this.credential = new KubeconfigCredential(
      this.server.protocol === 'http:' ? withoutTlsVerification(kubeConfig, cluster.name) : kubeConfig,
    );
    const user = currentUser(kubeConfig);
    if (!user) throw new CredentialError(`${source}: no user in the current context`);
    if (user.impersonateUser !== undefined) {
      // The leased identity must be the one that impersonates; a kubeconfig that impersonates
      // already would send a second, conflicting Impersonate-User.
      throw new CredentialError(
        `${source}: user "${user.name}" sets "as" (impersonation); the leased credential must not impersonate`,
      );
    }
    this.refreshes = user.exec !== undefined || user.authProvider !== undefined;
    this.http2 = this.server.protocol === 'https:' ? upstreamHttp2Mode(options.http2) : 'off';
  }

  /** Credentials for the next request: worked out once, or asked for each time when they can expire. */
  async target(): Promise<UpstreamTarget> {
    if (this.fixed) return this.fixed;
    const target = await this.resolve();
    if (!this.refreshes) this.fixed = target;
    return target;
  }

  private async resolve(): Promise<UpstreamTarget> {
    const opts: CredentialOptions = { headers: {} };
    try {
      await this.credential.apply(opts);
    } catch (err) {
      throw new CredentialError(`${this.source}: cannot obtain the leased credential: ${(err as Error).message}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === 'string') headers[name] = value;
    }
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const tls: TlsMaterial = {
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      pfx: opts.pfx,
      passphrase: opts.passphrase,
      rejectUnauthorized: opts.rejectUnauthorized,
      servername: opts.servername,
    };
    // client-node builds a new agent on every call; ours is kept and only replaced when the TLS
    // material changes (an exec plugin handing out a new client certificate).
    const key = tlsKey(tls);
    if (!this.agent || key !== this.agentKey) {
      this.agent?.destroy();
      this.pool?.close();
      this.agent =
        this.server.protocol === 'https:'
          ? new https.Agent({
              ...(tls as SecureContextOptions),
              rejectUnauthorized: tls.rejectUnauthorized,
              servername: tls.servername,
              keepAlive: true,
            })
          : new http.Agent({ keepAlive: true });
      // Sessions are opened on the first request that uses one, not here.
      this.pool = this.http2 === 'off' ? null : new H2SessionPool(this.server, tls);
      this.agentKey = key;
    }
    const target: UpstreamTarget = { agent: this.agent, connection: { ...tls, agent: false }, headers };
    if (this.pool && this.http2 !== 'off') target.http2 = { pool: this.pool, use: this.http2 };
    return target;
  }

  close(): void {
    this.agent?.destroy();
    this.agent = null;
    this.pool?.close();
    this.pool = null;
    this.fixed = null;
  }
}

/**
 * client-node refuses to work out credentials for an http:// server unless TLS verification is
 * off ("HTTP protocol is not allowed when skipTLSVerify is not set"); over plain HTTP there is no
 * TLS to verify, and whether plain HTTP is allowed at all was decided above.
 */
function withoutTlsVerification(kc: KubeconfigData, clusterName: string): KubeconfigData {
  return {
    clusters: kc.clusters.map((c) => (c.name === clusterName ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  };
}

/** The leased credential from a kubeconfig file and optional context. */
export function upstreamFromKubeconfigFile(
  path: string,
  context?: string,
  options: UpstreamOptions = {},
): KubeConfigUpstream {
  let kc: KubeconfigData;
  try {
    kc = readKubeconfigFile(path);
  } catch (err) {
    throw new CredentialError(`kubeconfig ${path}: ${(err as Error).message}`);
  }
  if (context !== undefined) {
    if (!named(kc.contexts, context)) {
      throw new CredentialError(
        `kubeconfig ${path}: context "${context}" not found (has: ${kc.contexts.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    kc = { ...kc, currentContext: context };
  } else if (!kc.currentContext) {
    throw new CredentialError(`kubeconfig ${path}: no current-context; set "context:" in the org file`);
  }
  return new KubeConfigUpstream(kc, `kubeconfig ${path}`, options);
}
