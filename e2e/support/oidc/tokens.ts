// Real tokens from the test provider for a given account, without a browser: the authorization
// code + PKCE flow (what the desktop will do) or the device flow (what `gatehouse login` will do),
// walked over HTTP through the provider's own endpoints and our login page (login and password).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { accountByLogin, accountsWith, type TestAccount } from './accounts';
import { formsOf, TestBrowser, type PageResponse } from './browser';
import type { OidcProviderInfo } from './info';

export interface TokenSet {
  idToken: string;
  accessToken: string;
  /** Present when `offline_access` was asked for (the default). */
  refreshToken?: string;
  /** Seconds, of the access token. */
  expiresIn: number;
  scope: string;
}

export interface SignInOptions {
  /** Default: the provider's `gatehouse` client (RS256 ID tokens). */
  clientId?: string;
  /** Default: all the provider offers (openid email profile groups offline_access). */
  scopes?: string[];
}

export interface LoginOptions {
  /** What to type into the password field; default the account's own (accounts.ts). */
  password?: string;
}

/** The login page said "wrong login or password" (interaction-pages.ts). */
export class LoginRefused extends Error {
  constructor(
    readonly login: string,
    /** The page that said so, for tests that check what a person sees. */
    readonly page: string,
  ) {
    super(`test provider refused login ${JSON.stringify(login)} (wrong login or password)`);
  }
}

interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  device_authorization_endpoint: string;
  revocation_endpoint: string;
}

const MAX_STEPS = 12;

function caOf(idp: OidcProviderInfo): string {
  return readFileSync(idp.caFile, 'utf8');
}

async function endpoints(browser: TestBrowser, idp: OidcProviderInfo): Promise<Endpoints> {
  const res = await browser.send(
    'GET',
    `${idp.issuer}/.well-known/openid-configuration`,
    undefined,
    'application/json',
  );
  if (res.status !== 200) throw new Error(`test provider discovery: HTTP ${res.status}`);
  return JSON.parse(res.body) as Endpoints;
}

async function tokenRequest(browser: TestBrowser, url: string, form: Record<string, string>): Promise<TokenSet> {
  const res = await browser.send('POST', url, form, 'application/json');
  const body = JSON.parse(res.body) as Record<string, unknown>;
  if (res.status !== 200)
    throw new Error(
      `test provider token endpoint (${form.grant_type}): HTTP ${res.status} ${String(body.error)}: ${String(body.error_description)}`,
    );
  return {
    idToken: String(body.id_token),
    accessToken: String(body.access_token),
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresIn: Number(body.expires_in),
    scope: String(body.scope),
  };
}

function requireAccount(idp: OidcProviderInfo, login: string): TestAccount {
  const account = accountByLogin(login, accountsWith(idp.generatedAccounts));
  if (!account)
    throw new Error(`test provider has no account ${JSON.stringify(login)} (see e2e/support/oidc/accounts.ts)`);
  return account;
}

export interface Credentials {
  login: string;
  password: string;
}

/**
 * Follows redirects and walks the pages a person would: our login form gets the login and the
 * password, the provider's own forms (device code confirmation, form_post) are submitted as they
 * are. Stops at `stopAt` (a redirect there is not followed) or at a page with nothing left to
 * submit; a login page that says the credentials were wrong throws LoginRefused.
 */
export async function walk(
  browser: TestBrowser,
  first: PageResponse,
  firstUrl: string,
  credentials: Credentials,
  stopAt?: string,
): Promise<PageResponse & { url: string }> {
  let page = first;
  let url = firstUrl;
  for (let step = 0; step < MAX_STEPS; step++) {
    if (page.status >= 300 && page.status < 400 && page.location) {
      if (stopAt && page.location.startsWith(stopAt)) return { ...page, url };
      url = page.location;
      page = await browser.send('GET', url);
      continue;
    }
    if (page.status !== 200)
      throw new Error(`test provider: HTTP ${page.status} at ${new URL(url).pathname}: ${page.body.slice(0, 300)}`);
    const forms = formsOf(page.body, url);
    const loginForm = forms.find((f) => 'login' in f.fields);
    const providerForm = forms.find((f) => 'xsrf' in f.fields || 'user_code' in f.fields);
    if (loginForm) {
      if (page.body.includes('class="error"')) throw new LoginRefused(credentials.login, page.body);
      url = loginForm.action;
      page = await browser.send('POST', url, { login: credentials.login, password: credentials.password });
    } else if (providerForm) {
      url = providerForm.action;
      page = await browser.send('POST', url, providerForm.fields);
    } else {
      return { ...page, url };
    }
  }
  throw new Error(`test provider: sign-in did not finish within ${MAX_STEPS} steps (at ${new URL(url).pathname})`);
}

/** Signs `login` in with the authorization code flow + PKCE (S256) and redeems the code. */
export async function signIn(
  idp: OidcProviderInfo,
  login: string,
  options: SignInOptions & LoginOptions = {},
): Promise<TokenSet> {
  const account = requireAccount(idp, login);
  const clientId = options.clientId ?? idp.clientId;
  const browser = new TestBrowser(caOf(idp));
  const ep = await endpoints(browser, idp);
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  // Any loopback port is accepted for a native client; nothing listens here, the walk stops at it.
  const redirectUri = idp.redirectUri.replace('127.0.0.1/', '127.0.0.1:49152/');
  const auth = new URL(ep.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: (options.scopes ?? idp.scopes).join(' '),
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    // offline_access (a refresh token) is only granted with an explicit consent prompt.
    prompt: 'consent',
  }).toString();
  const end = await walk(
    browser,
    await browser.send('GET', auth.href),
    auth.href,
    { login, password: options.password ?? account.password },
    redirectUri,
  );
  const back = new URL(end.location ?? '');
  if (back.searchParams.get('error'))
    throw new Error(`test provider: ${back.searchParams.get('error')}: ${back.searchParams.get('error_description')}`);
  if (back.searchParams.get('state') !== state) throw new Error('test provider: state mismatch on the redirect');
  const code = back.searchParams.get('code');
  if (!code) throw new Error('test provider: no code on the redirect');
  return tokenRequest(browser, ep.token_endpoint, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: clientId,
    code_verifier: verifier,
  });
}

/** Redeems a refresh token (the provider rotates it, see provider.ts: use the new one next time). */
export async function refreshTokens(
  idp: OidcProviderInfo,
  refreshToken: string,
  options: { clientId?: string } = {},
): Promise<TokenSet> {
  const browser = new TestBrowser(caOf(idp));
  const ep = await endpoints(browser, idp);
  return tokenRequest(browser, ep.token_endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: options.clientId ?? idp.clientId,
  });
}

/**
 * Revokes a token at the provider's revocation endpoint (RFC 7009), as signing out elsewhere
 * would: oidc-provider then revokes the token's whole grant, so every refresh token of that
 * sign-in (the rotated ones too) is refused from now on.
 */
export async function revokeAtProvider(
  idp: OidcProviderInfo,
  token: string,
  options: { clientId?: string; hint?: 'refresh_token' | 'access_token' } = {},
): Promise<void> {
  const browser = new TestBrowser(caOf(idp));
  const ep = await endpoints(browser, idp);
  const res = await browser.send(
    'POST',
    ep.revocation_endpoint,
    { token, token_type_hint: options.hint ?? 'refresh_token', client_id: options.clientId ?? idp.clientId },
    'application/json',
  );
  if (res.status !== 200) throw new Error(`test provider revocation: HTTP ${res.status} ${res.body.slice(0, 200)}`);
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  interval: number;
  expiresIn: number;
}

/** Starts the device flow as a CLI would (RFC 8628 §3.1). */
export async function startDeviceAuthorization(
  idp: OidcProviderInfo,
  options: SignInOptions = {},
): Promise<DeviceAuthorization> {
  const browser = new TestBrowser(caOf(idp));
  const ep = await endpoints(browser, idp);
  const res = await browser.send(
    'POST',
    ep.device_authorization_endpoint,
    { client_id: options.clientId ?? idp.clientId, scope: (options.scopes ?? idp.scopes).join(' ') },
    'application/json',
  );
  const body = JSON.parse(res.body) as Record<string, unknown>;
  if (res.status !== 200)
    throw new Error(`test provider device authorization: HTTP ${res.status} ${String(body.error)}`);
  return {
    deviceCode: String(body.device_code),
    userCode: String(body.user_code),
    verificationUri: String(body.verification_uri),
    verificationUriComplete: String(body.verification_uri_complete),
    interval: Number(body.interval),
    expiresIn: Number(body.expires_in),
  };
}

/** What the person does in their browser for a device flow: open the link, confirm, sign in. */
export async function approveDevice(
  idp: OidcProviderInfo,
  verificationUriComplete: string,
  login: string,
  options: LoginOptions = {},
): Promise<void> {
  const account = requireAccount(idp, login);
  const browser = new TestBrowser(caOf(idp));
  const end = await walk(browser, await browser.send('GET', verificationUriComplete), verificationUriComplete, {
    login,
    password: options.password ?? account.password,
  });
  if (!end.body.includes('device signed in'))
    throw new Error(
      `test provider: device approval ended elsewhere (${new URL(end.url).pathname}): ${end.body.slice(0, 300)}`,
    );
}

/** One token request of a device flow's polling; `pending` while the person has not approved. */
export async function pollDeviceToken(
  idp: OidcProviderInfo,
  deviceCode: string,
  options: { clientId?: string } = {},
): Promise<TokenSet | 'pending'> {
  const browser = new TestBrowser(caOf(idp));
  const ep = await endpoints(browser, idp);
  try {
    return await tokenRequest(browser, ep.token_endpoint, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: deviceCode,
      client_id: options.clientId ?? idp.clientId,
    });
  } catch (error) {
    if (error instanceof Error && error.message.includes('authorization_pending')) return 'pending';
    throw error;
  }
}
