// A person in a browser, for a sign-in that Gatehouse itself started (app/domain/sign-in): given
// the authorization URL the app produced, walk the test provider's own pages (our login form with
// the account's login and password, the consent step) up to the redirect to the app's loopback
// callback, and hand that redirect back — the test then "follows" it (or tampers with it first).
// tokens.ts walks the same pages for flows the test drives itself.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { accountByLogin, accountsWith } from './accounts';
import { TestBrowser } from './browser';
import { walk } from './tokens';
import type { OidcProviderInfo } from './info';

export interface LoopbackAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Walks `authorizationUrl` as `login` until the provider redirects to `redirectUri` (the app's
 * `http://127.0.0.1:<port>/callback`) and returns that redirect's URL, not followed.
 */
export async function authorizeAt(
  idp: OidcProviderInfo,
  authorizationUrl: string,
  login: string,
  redirectUri: string,
  options: { password?: string } = {},
): Promise<string> {
  const account = accountByLogin(login, accountsWith(idp.generatedAccounts));
  if (!account)
    throw new Error(`test provider has no account ${JSON.stringify(login)} (see e2e/support/oidc/accounts.ts)`);
  // The provider's login form takes a password as well (accounts.ts has each account's).
  const password = options.password ?? account.password;
  const browser = new TestBrowser(readFileSync(idp.caFile, 'utf8'));
  const first = await browser.send('GET', authorizationUrl);
  const end = await walk(browser, first, authorizationUrl, { login, password }, redirectUri);
  if (end.status >= 300 && end.status < 400 && end.location?.startsWith(redirectUri)) return end.location;
  throw new Error(
    `test provider: the sign-in stopped at ${new URL(end.url).pathname} without redirecting to ${redirectUri}: ${end.body.slice(0, 300)}`,
  );
}

/** What the browser does with the redirect: GET it on the app's loopback server (plain http, Host as in the URL). */
export function followToLoopback(callbackUrl: string): Promise<LoopbackAnswer> {
  const url = new URL(callbackUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { host: url.host, accept: 'text/html' },
        agent: false,
        timeout: 30_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url.pathname}: no answer within 30 s`)));
    req.on('error', reject);
    req.end();
  });
}
