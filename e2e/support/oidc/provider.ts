// A real OpenID provider (panva's certified `oidc-provider`) for the tests, over HTTPS on loopback
// with its own CA. What the gateway meets in production is a standard IdP; this is one, configured
// like a typical enterprise setup: a public `gatehouse` client (authorization code + PKCE with a
// loopback redirect for the desktop, device flow for the CLI, refresh tokens), ID tokens carrying
// email, email_verified and groups, RS256 and ES256 signing keys. The login page is ours (a form
// that takes a login name, see accounts.ts); consent is given automatically.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonWebKey } from 'node:crypto';
import { Provider, type KoaContext } from 'oidc-provider';
import { accountBySub, accountsWith, type TestAccount } from './accounts';
import { handleInteraction } from './interaction-pages';
import { makeProviderTls } from './tls';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The client the gateway trusts (its `oidc.clientId`): ID tokens are RS256. */
export const CLIENT_ID = 'gatehouse';
/** Same setup, ES256 ID tokens: proves the verifier takes EC keys from a real provider. */
export const ES256_CLIENT_ID = 'gatehouse-es256';
/** Loopback redirects of a native client: any port is accepted (RFC 8252 §7.3), path /callback. */
export const REDIRECT_URI = 'http://127.0.0.1/callback';
export const SCOPES = ['openid', 'email', 'profile', 'groups', 'offline_access'] as const;

export interface Lifetimes {
  /** Seconds. */
  idToken: number;
  accessToken: number;
  refreshToken: number;
}

export const DEFAULT_LIFETIMES: Lifetimes = { idToken: 600, accessToken: 600, refreshToken: 24 * 3600 };

export interface TestProviderOptions {
  /** 0 (the default) = a free port. */
  port?: number;
  lifetimes?: Partial<Lifetimes>;
  /** This many generated people besides the demo accounts (accounts.ts generatedAccounts). */
  generatedAccounts?: number;
}

export interface RunningTestProvider {
  issuer: string;
  caPem: string;
  /** The provider's signing keys, private parts included, so tests can forge tokens it "signed". */
  signingKeys: JsonWebKey[];
  lifetimes: Lifetimes;
  close(): Promise<void>;
}

function signingKeys(): JsonWebKey[] {
  const tag = randomBytes(4).toString('hex');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return [
    { ...rsa, kid: `rs256-${tag}`, alg: 'RS256', use: 'sig' },
    { ...ec, kid: `es256-${tag}`, alg: 'ES256', use: 'sig' },
  ];
}

function client(clientId: string, idTokenAlg: 'RS256' | 'ES256'): Record<string, unknown> {
  return {
    client_id: clientId,
    client_name: 'Gatehouse',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT],
    response_types: ['code'],
    redirect_uris: [REDIRECT_URI, 'http://[::1]/callback'],
    id_token_signed_response_alg: idTokenAlg,
  };
}

function page(ctx: KoaContext, title: string, body: string): void {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function configuration(keys: JsonWebKey[], lifetimes: Lifetimes, accounts: readonly TestAccount[]): Record<string, unknown> {
  return {
    clients: [client(CLIENT_ID, 'RS256'), client(ES256_CLIENT_ID, 'ES256')],
    jwks: { keys },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...SCOPES],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // Like Keycloak, Dex or Entra ID: the ID token itself carries the scope claims (the gateway
    // never calls userinfo).
    conformIdTokenClaims: false,
    async findAccount(_ctx: unknown, sub: string) {
      const account = accountBySub(sub, accounts);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: account.email, email_verified: account.emailVerified, name: account.name, groups: account.groups };
        },
      };
    },
    ttl: {
      IdToken: lifetimes.idToken,
      AccessToken: lifetimes.accessToken,
      RefreshToken: lifetimes.refreshToken,
      AuthorizationCode: 60,
      DeviceCode: 600,
      Interaction: 600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx: KoaContext, form: string) => page(ctx, 'Enter code', form),
        userCodeConfirmSource: (ctx: KoaContext, form: string, _c: unknown, _d: unknown, userCode: string) => page(ctx, 'Confirm device', `<p>${userCode}</p>${form}`),
        successSource: (ctx: KoaContext) => page(ctx, 'Sign-in success', '<p>device signed in</p>'),
      },
    },
    renderError: (ctx: KoaContext, out: Record<string, string>) =>
      page(ctx, 'Error', Object.entries(out).map(([k, v]) => `<p class="error" data-key="${k}">${v.replace(/[<>&"]/g, '')}</p>`).join('')),
  };
}

export async function startTestProvider(options: TestProviderOptions = {}): Promise<RunningTestProvider> {
  const lifetimes: Lifetimes = { ...DEFAULT_LIFETIMES, ...options.lifetimes };
  const tls = makeProviderTls();
  const keys = signingKeys();
  // The issuer names the port, so listen first, then build the provider for that address.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = accountsWith(options.generatedAccounts);
  const provider = new Provider(issuer, configuration(keys, lifetimes, accounts));
  provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc test provider: server error: ${error.stack ?? error.message}\n`));
  const oidc = provider.callback();
  handler = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      handleInteraction(provider, req, res, accounts).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`interaction failed: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      return;
    }
    oidc(req, res);
  };
  return {
    issuer,
    caPem: tls.caPem,
    signingKeys: keys,
    lifetimes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
