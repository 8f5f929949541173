// The leased credential of a kubeconfig's current context, as request options: headers
// (Authorization), TLS material (CA, client certificate and key) and verification settings.
//
// The common kinds — a token, a client certificate, username and password, a CA from a file or
// inline — are applied here the way client-node's KubeConfig.applyToHTTPSOptions applies them, so
// a host never loads client-node for them. Exec plugins and auth providers (EKS, GKE, AKS, OIDC,
// a token file named by an auth provider) are worked out by client-node itself, loaded on first
// use: they run programs, cache and refresh tokens, and that is client-node's job, not ours.
// kubeconfig-credential.test.ts checks both paths give what client-node gives for the same kubeconfig.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { currentCluster, currentUser, type KubeconfigData } from './kubeconfig-file';
import { loadClientNode } from './lazy-client-node';

/** The credential's parts as client-node puts them on request options. */
export type CredentialOptions = Pick<
  https.RequestOptions,
  'headers' | 'auth' | 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'rejectUnauthorized' | 'servername'
>;

/** Whether client-node must work the credential out (a program to run, a provider's token to refresh). */
export function needsClientNode(user: User): boolean {
  return Boolean(user.exec || user.authProvider);
}

/** client-node's bufferFromFileOrString: the file wins over inline (base64) data. */
function fileOrData(file: string | undefined, data: string | undefined): Buffer | null {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return null;
}

/** client-node's applyHTTPSOptions, the Bearer token and basic auth, for a user without exec or auth provider. */
export function applyStaticCredential(kc: KubeconfigData, opts: CredentialOptions): void {
  const user = currentUser(kc);
  if (!user) return;
  const cluster = currentCluster(kc);
  const headers = (opts.headers ??= {}) as Record<string, string>;
  if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
  if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
  const ca = cluster ? fileOrData(cluster.caFile, cluster.caData) : null;
  if (ca) opts.ca = ca;
  const cert = fileOrData(user.certFile, user.certData);
  if (cert) opts.cert = cert;
  const key = fileOrData(user.keyFile, user.keyData);
  if (key) opts.key = key;
  if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
  if (user.token) headers.Authorization = `Bearer ${user.token}`;
  if (user.username) opts.auth = `${user.username}:${user.password}`;
}

/**
 * Works out credentials for one kubeconfig, again on every call. Holds the client-node KubeConfig
 * once it is loaded: its authenticators cache what an exec plugin handed out until it expires.
 */
export class KubeconfigCredential {
  private clientNode: Promise<KubeConfig> | null = null;

  constructor(private readonly kc: KubeconfigData) {}

  async apply(opts: CredentialOptions): Promise<void> {
    const user = currentUser(this.kc);
    if (!user || !needsClientNode(user)) {
      applyStaticCredential(this.kc, opts);
      return;
    }
    this.clientNode ??= loadClientNode().then(({ KubeConfig }) => {
      const config = new KubeConfig();
      config.loadFromOptions(this.kc);
      return config;
    });
    await (await this.clientNode).applyToHTTPSOptions(opts);
  }
}
