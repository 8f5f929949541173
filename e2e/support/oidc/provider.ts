// A real OpenID provider (panva's certified `oidc-provider`) for the tests, over HTTPS on loopback
// with its own CA. What the gateway meets in production is a standard IdP; this is one, configured
// like a typical enterprise setup: a public `gatehouse` client (authorization code + PKCE with a
// loopback redirect for the desktop, device flow for the CLI, refresh tokens), ID tokens carrying
// email, email_verified and groups, RS256 and ES256 signing keys. The login page is ours (login
// and password, see accounts.ts and interaction-pages.ts); consent is given automatically.
//
// Refresh tokens ROTATE: oidc-provider's default `rotateRefreshToken` rotates on every use for a
// public client (token_endpoint_auth_method none) whose refresh token is not sender-constrained
// (no DPoP, no mTLS), as ours are, unless the token has lived a year. Each refresh answers a new
// refresh token and consumes the old one; presenting a consumed one again revokes the whole grant
// (reuse detection). A desktop must keep the newest and refresh once for all waiting requests
// (other IdPs keep refresh tokens: its logic must cope with both, i.e. keep the old one when the
// answer carries none).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonWebKey } from 'node:crypto';
import { Provider, type KoaContext } from 'oidc-provider';
import { accountBySub, accountsWith, type TestAccount } from './accounts';
import { recordGrantEvents } from './events';
import { escapeHtml, handleInteraction, pageHtml } from './interaction-pages';
import { makeProviderTls } from './tls';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The client the gateway trusts (its `oidc.clientId`): ID tokens are RS256. */
export const CLIENT_ID = 'gatehouse';
/** Same setup, ES256 ID tokens: proves the verifier takes EC keys from a real provider. */
export const ES256_CLIENT_ID = 'gatehouse-es256';
/**
 * Same setup as `gatehouse` (RS256), but its ID tokens and access tokens live
 * SHORT_LIFETIME_SECONDS whatever the provider's lifetimes: for refresh tests that share the
 * run's one provider. Its refresh tokens live as long as the others'.
 */
export const SHORT_LIVED_CLIENT_ID = 'gatehouse-short';
export const SHORT_LIFETIME_SECONDS = 8;
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
  /** Append a JSON line per grant answered, refused or revoked to this file (events.ts); none by default. */
  eventLog?: string;
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
  ctx.body = pageHtml(title, body);
}

/** The device flow's forms are oidc-provider's own (named inputs, xsrf); the page around them and their buttons are ours. */
const USER_CODE_INPUT = 'name="user_code"';

function userCodePage(ctx: KoaContext, form: string, _out: unknown, err?: { name?: string; userCode?: unknown }): void {
  const problem = err
    ? `<p class="error" role="alert">${err.userCode || err.name === 'NoCodeError' ? 'That code is not valid. Try again.' : 'The sign-in request could not be processed.'}</p>`
    : '';
  // A label for its one text input, so a person (and Playwright, by label "Code") finds it.
  const labelled = form.replace(USER_CODE_INPUT, `id="user_code" ${USER_CODE_INPUT}`);
  page(
    ctx,
    'Enter code',
    `<p>Enter the code your device shows.</p>${problem}<label for="user_code">Code</label>${labelled}<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

function confirmPage(
  ctx: KoaContext,
  form: string,
  client: { clientId?: string; clientName?: string },
  _device: unknown,
  userCode: string,
): void {
  const who = escapeHtml(client.clientName ?? client.clientId ?? 'a device');
  page(
    ctx,
    'Confirm device',
    `<p>${who} asks to sign in on a device showing this code:</p><p><strong class="user-code">${escapeHtml(userCode)}</strong></p>${form}<button type="submit" form="op.deviceConfirmForm">Continue</button> <button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`,
  );
}

/** A token lifetime by client: the short-lived client's are SHORT_LIFETIME_SECONDS. */
function lifetimeFor(seconds: number): (ctx: unknown, token: unknown, tokenClient?: { clientId?: string }) => number {
  return (_ctx, _token, tokenClient) =>
    tokenClient?.clientId === SHORT_LIVED_CLIENT_ID ? SHORT_LIFETIME_SECONDS : seconds;
}

function configuration(
  keys: JsonWebKey[],
  lifetimes: Lifetimes,
  accounts: readonly TestAccount[],
): Record<string, unknown> {
  return {
    clients: [client(CLIENT_ID, 'RS256'), client(ES256_CLIENT_ID, 'ES256'), client(SHORT_LIVED_CLIENT_ID, 'RS256')],
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
          return {
            sub,
            email: account.email,
            email_verified: account.emailVerified,
            name: account.name,
            groups: account.groups,
          };
        },
      };
    },
    ttl: {
      // oidc-provider calls these with (ctx, token, client).
      IdToken: lifetimeFor(lifetimes.idToken),
      AccessToken: lifetimeFor(lifetimes.accessToken),
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
        userCodeInputSource: userCodePage,
        userCodeConfirmSource: confirmPage,
        successSource: (ctx: KoaContext) =>
          page(
            ctx,
            'Sign-in success',
            '<p>device signed in</p><p>You can close this page and go back to your device.</p>',
          ),
      },
    },
    renderError: (ctx: KoaContext, out: Record<string, string>) =>
      page(
        ctx,
        'Error',
        Object.entries(out)
          .map(([k, v]) => `<p class="error" data-key="${escapeHtml(k)}">${escapeHtml(v)}</p>`)
          .join(''),
      ),
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
  provider.on('server_error', (_ctx, error) =>
    process.stderr.write(`oidc test provider: server error: ${error.stack ?? error.message}\n`),
  );
  if (options.eventLog) recordGrantEvents(provider, options.eventLog);
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
