// The test OpenID provider itself (e2e/support/oidc), as the people of the demo and the UI tests
// meet it: a sign-in page with labelled login and password fields that refuses a wrong login and a
// wrong password alike, the short-lived client whose tokens live seconds (refresh tests), refresh
// tokens that rotate (and a reused one revoking the grant), and the device flow's pages usable by a
// person and by a script. Everything over HTTPS against the run's one provider (inject('oidc')).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_ACCOUNTS } from '../support/oidc/accounts';
import { formsOf, TestBrowser, type PageResponse } from '../support/oidc/browser';
import { payloadOf } from '../support/oidc/forge';
import { WRONG_CREDENTIALS } from '../support/oidc/interaction-pages';
import {
  approveDevice,
  LoginRefused,
  pollDeviceToken,
  refreshTokens,
  signIn,
  startDeviceAuthorization,
} from '../support/oidc/tokens';

const idp = inject('oidc');
const ca = readFileSync(idp.caFile, 'utf8');
let authorizationEndpoint = '';

beforeAll(async () => {
  const discovery = await new TestBrowser(ca).send(
    'GET',
    `${idp.issuer}/.well-known/openid-configuration`,
    undefined,
    'application/json',
  );
  authorizationEndpoint = String((JSON.parse(discovery.body) as Record<string, unknown>).authorization_endpoint);
});

/** Follows redirects from `url` to the first page that is not one. */
async function follow(browser: TestBrowser, url: string): Promise<PageResponse & { url: string }> {
  let current = url;
  for (let i = 0; i < 8; i++) {
    const page = await browser.send('GET', current);
    if (!(page.status >= 300 && page.status < 400 && page.location)) return { ...page, url: current };
    current = page.location;
  }
  throw new Error(`more than 8 redirects from ${url}`);
}

/** The provider's sign-in page of a fresh authorization request by the `gatehouse` client. */
async function loginPage(): Promise<{ browser: TestBrowser; page: PageResponse & { url: string } }> {
  const browser = new TestBrowser(ca);
  const auth = new URL(authorizationEndpoint);
  auth.search = new URLSearchParams({
    client_id: idp.clientId,
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1:49152/callback',
    scope: 'openid email',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const page = await follow(browser, auth.href);
  expect(page.status, page.body.slice(0, 300)).toBe(200);
  return { browser, page };
}

describe('the sign-in page', () => {
  it('has an "Email" field, a "Password" field and a "Sign in" button, and lists the logins but no password', async () => {
    const { page } = await loginPage();
    expect(page.body).toMatch(/<label for="email">Email<\/label><input id="email" name="login" type="text"/);
    expect(page.body).toMatch(
      /<label for="password">Password<\/label><input id="password" name="password" type="password"/,
    );
    expect(page.body).toContain('<button type="submit">Sign in</button>');
    expect(page.body).toContain('<button type="submit">Cancel</button>');
    for (const account of TEST_ACCOUNTS) {
      expect(page.body).toContain(`<code>${account.login}</code>`);
      expect(page.body).not.toContain(account.password);
    }
    const login = formsOf(page.body, page.url).find((f) => 'login' in f.fields);
    expect(login && Object.keys(login.fields).sort()).toEqual(['login', 'password']);
  });

  // Every wrong pair gets the same answer: the page again, never saying which part was wrong.
  const wrong: Array<[string, string, string]> = [
    ['a wrong password', 'alice@example.com', 'bob-demo'],
    ['an empty password', 'alice@example.com', ''],
    ['the password with a trailing space', 'alice@example.com', 'alice-demo '],
    ['an unknown login', 'mallory@example.com', 'alice-demo'],
    ['an unknown login with an empty password', 'nobody', ''],
    ['no login', '', 'alice-demo'],
  ];
  it.each(wrong)(
    '%s: the form again with "wrong login or password", the login kept, the password not',
    async (_what, login, password) => {
      const { browser, page } = await loginPage();
      const form = formsOf(page.body, page.url).find((f) => 'login' in f.fields)!;
      const answer = await browser.send('POST', form.action, { login, password });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(`<p class="error" role="alert">${WRONG_CREDENTIALS}</p>`);
      expect(answer.body).not.toMatch(/unknown|no such (user|account)|incorrect password/i);
      const again = formsOf(answer.body, page.url).find((f) => 'login' in f.fields)!;
      expect(again.fields).toEqual({ login, password: '' });
      // The right password on the same page still signs in: the interaction goes on.
      const right = await browser.send('POST', again.action, { login: 'alice@example.com', password: 'alice-demo' });
      expect(right.status).toBe(303);
      expect(right.location).toContain('/auth/');
    },
  );

  it('a login name with markup is shown escaped', async () => {
    const { browser, page } = await loginPage();
    const form = formsOf(page.body, page.url).find((f) => 'login' in f.fields)!;
    const answer = await browser.send('POST', form.action, { login: '"><script>alert(1)</script>', password: 'x' });
    expect(answer.body).not.toContain('<script>alert(1)</script>');
    expect(answer.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('signIn walks it with the account password; another password is refused with the page that said so', async () => {
    const tokens = await signIn(idp, 'carol@example.com');
    expect(payloadOf(tokens.idToken)).toMatchObject({
      email: 'carol@example.com',
      email_verified: true,
      sub: 'u-1003',
    });
    const refused = await signIn(idp, 'carol@example.com', { password: 'alice-demo' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LoginRefused);
    expect((refused as LoginRefused).page).toContain(WRONG_CREDENTIALS);
  });
});

describe('token lifetimes and refresh', () => {
  it(`the short-lived client's ID and access tokens live ${idp.shortLifetimeSeconds} s; the gatehouse client's live the provider's lifetimes`, async () => {
    expect(idp.shortLivedClientId).toBe('gatehouse-short');
    expect(idp.shortLifetimeSeconds).toBe(8);
    const short = await signIn(idp, 'alice@example.com', { clientId: idp.shortLivedClientId });
    const claims = payloadOf(short.idToken);
    expect(claims).toMatchObject({
      aud: 'gatehouse-short',
      email: 'alice@example.com',
      groups: ['Developers', 'idp-everyone'],
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8);
    expect(short.expiresIn).toBe(8);
    expect(JSON.parse(Buffer.from(short.idToken.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({
      alg: 'RS256',
    });

    const normal = await signIn(idp, 'alice@example.com');
    const normalClaims = payloadOf(normal.idToken);
    expect(Number(normalClaims.exp) - Number(normalClaims.iat)).toBe(idp.lifetimes.idToken);
    expect(normal.expiresIn).toBe(idp.lifetimes.accessToken);
  });

  it('refresh tokens rotate (a public client): the refreshed ID token is short again, and reusing a spent refresh token revokes the grant', async () => {
    const first = await signIn(idp, 'bob@example.com', { clientId: idp.shortLivedClientId });
    const second = await refreshTokens(idp, first.refreshToken!, { clientId: idp.shortLivedClientId });
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const claims = payloadOf(second.idToken);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8);
    expect(claims.email).toBe('bob@example.com');
    const third = await refreshTokens(idp, second.refreshToken!, { clientId: idp.shortLivedClientId });
    // The spent one again: refused, and the whole grant with it (reuse detection), so the newest fails too.
    await expect(refreshTokens(idp, first.refreshToken!, { clientId: idp.shortLivedClientId })).rejects.toThrow(
      /invalid_grant/,
    );
    await expect(refreshTokens(idp, third.refreshToken!, { clientId: idp.shortLivedClientId })).rejects.toThrow(
      /invalid_grant/,
    );
  });
});

describe('the device flow', () => {
  it('is approved through the sign-in page with login and password; a wrong password is refused', async () => {
    const refused = await startDeviceAuthorization(idp, { clientId: idp.shortLivedClientId });
    await expect(
      approveDevice(idp, refused.verificationUriComplete, 'dave@example.com', { password: 'erin-demo' }),
    ).rejects.toBeInstanceOf(LoginRefused);
    expect(await pollDeviceToken(idp, refused.deviceCode, { clientId: idp.shortLivedClientId })).toBe('pending');

    const device = await startDeviceAuthorization(idp, { clientId: idp.shortLivedClientId });
    await approveDevice(idp, device.verificationUriComplete, 'dave@example.com');
    const tokens = await pollDeviceToken(idp, device.deviceCode, { clientId: idp.shortLivedClientId });
    if (tokens === 'pending') throw new Error('still pending after approval');
    const claims = payloadOf(tokens.idToken);
    expect(claims).toMatchObject({ email: 'dave@example.com', aud: 'gatehouse-short' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(8);
  });

  it('its pages: a labelled "Code" input with Continue, and a confirm page with Continue and Abort (forms with named inputs)', async () => {
    const device = await startDeviceAuthorization(idp);
    const browser = new TestBrowser(ca);
    const input = await follow(browser, device.verificationUri);
    expect(input.body).toContain('<label for="user_code">Code</label>');
    expect(input.body).toMatch(/<input[^>]*id="user_code" name="user_code"/);
    expect(input.body).toContain('<button type="submit" form="op.deviceInputForm">Continue</button>');
    const inputForm = formsOf(input.body, input.url).find((f) => 'user_code' in f.fields)!;
    expect(Object.keys(inputForm.fields).sort()).toEqual(['user_code', 'xsrf']);

    const confirm = await browser.send('POST', inputForm.action, { ...inputForm.fields, user_code: device.userCode });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain(device.userCode);
    expect(confirm.body).toContain('<button type="submit" form="op.deviceConfirmForm">Continue</button>');
    expect(confirm.body).toContain('name="abort" value="yes">Abort</button>');
    const confirmForm = formsOf(confirm.body, inputForm.action).find((f) => 'confirm' in f.fields)!;
    expect(Object.keys(confirmForm.fields).sort()).toEqual(['confirm', 'user_code', 'xsrf']);

    const wrong = await browser.send('POST', inputForm.action, { ...inputForm.fields, user_code: 'WXYZ-WXYZ' });
    expect(wrong.body).toContain('That code is not valid. Try again.');
  });
});
