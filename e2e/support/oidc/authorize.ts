// A person in a browser, for a sign-in that Gatehouse itself started (app/domain/sign-in): given
// the authorization URL the app produced, walk the test provider's own pages (our login form with
// the account's login and password, the consent step) up to the redirect to the app's loopback
// callback, and hand that redirect back — the test then "follows" it (or tampers with it first).
// tokens.ts walks the same pages for flows the test drives itself.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { accountByLogin, accountsWith } from './accounts';
import { formsOf, TestBrowser, type PageResponse } from './browser';
import type { OidcProviderInfo } from './info';

const MAX_STEPS = 12;

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
  const password = options.password ?? ('password' in account ? String(account.password) : '');
  const browser = new TestBrowser(readFileSync(idp.caFile, 'utf8'));
  let url = authorizationUrl;
  let page: PageResponse = await browser.send('GET', url);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (page.status >= 300 && page.status < 400 && page.location) {
      if (page.location.startsWith(redirectUri)) return page.location;
      url = page.location;
      page = await browser.send('GET', url);
      continue;
    }
    if (page.status !== 200)
      throw new Error(`test provider: HTTP ${page.status} at ${new URL(url).pathname}: ${page.body.slice(0, 300)}`);
    const forms = formsOf(page.body, url);
    const loginForm = forms.find((f) => 'login' in f.fields);
    const providerForm = forms.find((f) => 'xsrf' in f.fields);
    if (loginForm) {
      if (page.body.includes('class="error"')) throw new Error(`test provider refused login ${JSON.stringify(login)}`);
      url = loginForm.action;
      page = await browser.send('POST', url, 'password' in loginForm.fields ? { login, password } : { login });
    } else if (providerForm) {
      url = providerForm.action;
      page = await browser.send('POST', url, providerForm.fields);
    } else {
      throw new Error(
        `test provider: the sign-in stopped at ${new URL(url).pathname} without redirecting to ${redirectUri}: ${page.body.slice(0, 300)}`,
      );
    }
  }
  throw new Error(`test provider: no redirect to ${redirectUri} within ${MAX_STEPS} steps`);
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
