// Signing in at a gateway's identity provider (app/domain/sign-in) and keeping the person's tokens
// (app/services/gateway-session), against the real test OpenID provider and a real gateway
// (`gatehouse gateway`): the gateway's sign-in document read with its CA pinned; a browser
// sign-in walked through the provider's own login and consent pages to our loopback callback,
// whose ID token the gateway accepts; a tampered state refused; the device flow approved on the
// provider's device page; renewal once for ten concurrent callers and once for two processes'
// worth of GatewayTokens on one file; a refusal by the IdP ending the session without a refresh
// storm; a network failure keeping a token that still lives; sign-out revoking the refresh token;
// a sealed refresh token never on disk in the clear; and no token in any error message.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GatehouseError } from '../../shared/errors';
import {
  openIdProvider,
  readGatewayInfo,
  refreshTokens,
  revokeToken,
  SIGNED_IN_TEXT,
  startBrowserSignIn,
  startDeviceSignIn,
  type GatewayInfo,
  type OpenIdProvider,
  type TokenSet,
} from '../../app/domain/sign-in';
import {
  GatewayTokens,
  login,
  plainBox,
  readSessionFile,
  SEALED_ELSEWHERE,
  type SecretBox,
} from '../../app/services/gateway-session';
import { demoOrgCopy } from '../support/gatehouse-cli';
import {
  gatewayRequest,
  startGateway,
  writeGatewayConfig,
  type GatewayConfig,
  type GatewayReplica,
} from '../support/gateway';
import { authorizeAt, followToLoopback } from '../support/oidc/authorize';
import { payloadOf } from '../support/oidc/forge';
import { startOidcProvider } from '../support/oidc/harness';
import type { OidcProviderInfo } from '../support/oidc/info';
import { approveDevice } from '../support/oidc/tokens';

const cluster = inject('cluster');
const idp = inject('oidc');

let workdir: string;
let config: GatewayConfig;
let gateway: GatewayReplica;
/** The gateway's CA and the provider's CA in one file: what a person passes as `--ca`. */
let bundle: string;
let info: GatewayInfo;

/** Every token this file saw, and every error message: the last test checks none holds one. */
const secrets = new Set<string>();
const messages: string[] = [];

function remember(tokens: TokenSet): TokenSet {
  secrets.add(tokens.idToken);
  if (tokens.refreshToken) secrets.add(tokens.refreshToken);
  return tokens;
}

async function failure(promise: Promise<unknown>): Promise<GatehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    messages.push((error as GatehouseError).message);
    return error as GatehouseError;
  }
  throw new Error('expected a failure');
}

/** Token endpoint calls (the only requests with a grant_type), by grant type, as our fetch sent them. */
function tokenCalls(onRefresh: () => void = () => {}) {
  const grants: string[] = [];
  return {
    grants,
    onRequest: (r: { method: string; url: string; body: string | null }) => {
      const grant = r.method === 'POST' ? new URLSearchParams(r.body ?? '').get('grant_type') : null;
      if (grant) grants.push(grant);
      if (grant === 'refresh_token') onRefresh();
    },
  };
}

/**
 * A clock on which `tokens` are 30 s from expiry (inside the 60 s margin of a 10-minute token)
 * until a refresh goes out; then real time again, on which the renewed token is not due — as when
 * time has really passed. (A fixed fake clock would make every new token look due as well.)
 */
function aboutToExpireClock(): { now: () => number; aboutToExpire: (tokens: TokenSet) => void; realTime: () => void } {
  let skew = 0;
  return {
    now: () => Date.now() + skew,
    aboutToExpire: (tokens) => (skew = tokens.idTokenExpiresAt.getTime() - 30_000 - Date.now()),
    realTime: () => (skew = 0),
  };
}

/**
 * RS256 signatures are deterministic: an ID token renewed within the second it was issued is
 * byte-identical to it. The tests that tell the new token from the old wait for the next second.
 */
async function nextSecondAfter(tokens: TokenSet): Promise<void> {
  await expect.poll(() => Date.now() >= tokens.idTokenIssuedAt.getTime() + 1000, { interval: 50 }).toBe(true);
}

/** The whole browser sign-in as a person does it: open the URL, sign in, the browser follows the redirect. */
async function browserSignIn(provider: OpenIdProvider, who: string, at: OidcProviderInfo = idp): Promise<TokenSet> {
  const signIn = await startBrowserSignIn(provider);
  const redirectUri = new URL(signIn.url).searchParams.get('redirect_uri') ?? '';
  const page = await followToLoopback(await authorizeAt(at, signIn.url, who, redirectUri));
  expect(page.status, page.body).toBe(200);
  return remember(await signIn.done);
}

function sessionFile(): string {
  return join(mkdtempSync(join(workdir, 'home-')), 'gateway-session.json');
}

/** A box that really transforms the text, as safeStorage does. */
const sealingBox: SecretBox = {
  storage: 'encrypted',
  seal: (text) => `v10:${Buffer.from(text).reverse().toString('base64')}`,
  open: (sealed) => {
    if (!sealed.startsWith('v10:')) throw new Error('not sealed here');
    return Buffer.from(sealed.slice(4), 'base64').reverse().toString();
  },
};

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'gatehouse-gateway-sign-in-'));
  const org = demoOrgCopy(cluster.dir, workdir);
  config = writeGatewayConfig({ dir: join(workdir, 'gateway'), org, oidc: idp });
  gateway = await startGateway(config, { name: 'gateway-sign-in' });
  bundle = `${config.caPem}${readFileSync(idp.caFile, 'utf8')}`;
  writeFileSync(join(workdir, 'ca-bundle.pem'), bundle);
  info = (await readGatewayInfo(gateway.url, bundle)).info;
});

afterAll(async () => {
  await gateway?.stop();
});

describe('the gateway and its identity provider', () => {
  it("reads the gateway's sign-in document with its CA pinned", async () => {
    expect(await readGatewayInfo(`${gateway.url}/`, config.caPem)).toEqual({
      gateway: gateway.url,
      info: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
        usernameClaim: 'email',
        groupsClaim: 'groups',
        kubernetesPathPrefix: '/k8s/',
        version: expect.any(String),
      },
    });
    // The provider's CA alone does not vouch for the gateway: pinned means only the file.
    const pinned = await failure(readGatewayInfo(gateway.url, readFileSync(idp.caFile, 'utf8')));
    expect(pinned.kind).toBe('unavailable');
    expect(pinned.message).toMatch(new RegExp(`^cannot reach the gateway ${gateway.url}/\\.well-known/gatehouse: `));
  });

  it('discovers the IdP with the bundle; the gateway CA alone does not reach a private-CA IdP', async () => {
    const provider = await openIdProvider(info, bundle);
    expect(provider.issuer).toBe(idp.issuer);
    expect(provider.canRevoke).toBe(true);
    expect(provider.canDevice).toBe(true);
    const unreachable = await failure(openIdProvider(info, config.caPem));
    expect(unreachable.kind).toBe('unavailable');
    expect(unreachable.message).toMatch(
      new RegExp(
        `^cannot reach the identity provider ${idp.issuer}/\\.well-known/openid-configuration: .*(certificate|issuer)`,
      ),
    );
  });
});

describe('browser sign-in', () => {
  it('walks the real login and consent pages to our callback; the ID token is good at the gateway', async () => {
    const provider = await openIdProvider(info, bundle);
    let openedUrl = '';
    const signIn = await startBrowserSignIn(provider, { openUrl: async (url) => ((openedUrl = url), true) });
    expect(signIn.opened).toBe(true);
    expect(openedUrl).toBe(signIn.url);
    const auth = new URL(signIn.url);
    expect(auth.href.startsWith(`${idp.issuer}/`)).toBe(true);
    const params = Object.fromEntries(auth.searchParams);
    expect(params).toMatchObject({
      client_id: idp.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: info.scopes.join(' '),
      prompt: 'consent',
    });
    expect(params.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    for (const random of ['state', 'nonce', 'code_challenge'])
      expect(params[random]?.length ?? 0).toBeGreaterThanOrEqual(22);

    const callback = await authorizeAt(idp, signIn.url, 'alice@example.com', params.redirect_uri ?? '');
    const page = await followToLoopback(callback);
    expect(page.status).toBe(200);
    expect(page.body).toContain(SIGNED_IN_TEXT);
    const tokens = remember(await signIn.done);
    for (const secret of [tokens.idToken, tokens.refreshToken ?? 'none']) expect(page.body).not.toContain(secret);

    expect(tokens.username).toBe('alice@example.com');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const claims = payloadOf(tokens.idToken);
    expect(tokens.idTokenExpiresAt).toEqual(new Date(Number(claims.exp) * 1000));
    expect(tokens.idTokenIssuedAt).toEqual(new Date(Number(claims.iat) * 1000));
    expect(claims.nonce).toBe(params.nonce);
    const me = await gatewayRequest(gateway.url, config.caPem, { path: '/v1/me', token: tokens.idToken });
    expect(me.status, me.body).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ email: 'alice@example.com' });
    // One-shot: the port is closed now.
    await expect(followToLoopback(callback)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('a tampered state is refused: a page says so, the sign-in fails, the code is never redeemed', async () => {
    const calls = tokenCalls();
    const provider = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const signIn = await startBrowserSignIn(provider);
    const redirectUri = new URL(signIn.url).searchParams.get('redirect_uri') ?? '';
    const callback = new URL(await authorizeAt(idp, signIn.url, 'bob@example.com', redirectUri));
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const page = await followToLoopback(callback.href);
    expect(page.status).toBe(400);
    expect(page.body).toContain('state does not match');
    const error = await failure(signIn.done);
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/state does not match/);
    expect(calls.grants).toEqual([]);
  });
});

describe('device sign-in', () => {
  it("is approved on the provider's device page and ends signed in", async () => {
    const provider = await openIdProvider(info, bundle);
    const before = Date.now();
    const device = await startDeviceSignIn(provider);
    expect(device.userCode).toMatch(/\S{4,}/);
    expect(device.verificationUri.startsWith(`${idp.issuer}/`)).toBe(true);
    expect(device.verificationUriComplete).toContain(encodeURIComponent(device.userCode).slice(0, 4));
    expect(device.expiresAt.getTime()).toBeGreaterThan(before);
    await approveDevice(idp, device.verificationUriComplete ?? device.verificationUri, 'bob@example.com');
    const tokens = remember(await device.done);
    expect(tokens.username).toBe('bob@example.com');
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const me = await gatewayRequest(gateway.url, config.caPem, { path: '/v1/me', token: tokens.idToken });
    expect(me.status, me.body).toBe(200);
  });

  it('cancel ends the polling with a clear refusal', async () => {
    const device = await startDeviceSignIn(await openIdProvider(info, bundle));
    device.cancel();
    const error = await failure(device.done);
    expect(error).toEqual(new GatehouseError('refused', `the device sign-in at ${idp.issuer} was cancelled`));
  });
});

describe('renewing the tokens', () => {
  it('ten concurrent callers of a token about to expire: one refresh, one new token for all, saved', async () => {
    const clock = aboutToExpireClock();
    const calls = tokenCalls(clock.realTime);
    const provider = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const tokens = await browserSignIn(provider, 'carol@example.com');
    const file = sessionFile();
    clock.aboutToExpire(tokens);
    const now = clock.now;
    const session = login(
      { gateway: gateway.url, caPem: bundle, info, tokens },
      { file, box: plainBox, provider, now },
    );
    calls.grants.length = 0;
    await nextSecondAfter(tokens);

    const results = await Promise.all(Array.from({ length: 10 }, () => session.current()));
    expect(calls.grants).toEqual(['refresh_token']);
    const fresh = results[0]?.token ?? '';
    secrets.add(fresh);
    expect(fresh).not.toBe(tokens.idToken);
    expect(new Set(results.map((r) => r.token))).toEqual(new Set([fresh]));
    expect(results[0]?.expiresAt.getTime()).toBeGreaterThan(now() + 60_000);
    expect(session.state).toBe('signed-in');
    // The file has the new token (another process would use it), still 0600.
    const read = readSessionFile(file);
    expect(read.state === 'present' && read.session.idToken).toBe(fresh);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // And it works at the gateway, as carol.
    const me = await gatewayRequest(gateway.url, config.caPem, { path: '/v1/me', token: fresh });
    expect(JSON.parse(me.body)).toMatchObject({ email: 'carol@example.com' });
    // Not due any more: no further refresh.
    await session.current();
    expect(calls.grants).toEqual(['refresh_token']);
  });

  it('two GatewayTokens on one file (as two processes have) renewing at once: one refresh, both get the valid new token', async () => {
    const clock = aboutToExpireClock();
    const calls = tokenCalls(clock.realTime);
    const providerA = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const providerB = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const tokens = await browserSignIn(providerA, 'dave@example.com');
    const file = sessionFile();
    clock.aboutToExpire(tokens);
    const now = clock.now;
    login({ gateway: gateway.url, caPem: bundle, info, tokens }, { file, box: plainBox, now });
    calls.grants.length = 0;
    await nextSecondAfter(tokens);
    const a = GatewayTokens.open({ file, box: plainBox, provider: providerA, now }).tokens;
    const b = GatewayTokens.open({ file, box: plainBox, provider: providerB, now }).tokens;
    if (!a || !b) throw new Error('the session file was not saved');

    const [fromA, fromB] = await Promise.all([a.current(), b.current()]);
    secrets.add(fromA.token);
    expect(calls.grants).toEqual(['refresh_token']);
    expect(fromB.token).toBe(fromA.token);
    expect(fromA.token).not.toBe(tokens.idToken);
    for (const token of [fromA.token, fromB.token]) {
      const me = await gatewayRequest(gateway.url, config.caPem, { path: '/v1/me', token });
      expect(me.status, me.body).toBe(200);
    }
  });

  it('the IdP refusing the refresh ends the session: expired, onExpired once, no refresh storm, the file says so', async () => {
    const calls = tokenCalls();
    const provider = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const tokens = await browserSignIn(provider, 'erin@example.com');
    const file = sessionFile();
    const now = (): number => tokens.idTokenExpiresAt.getTime() - 30_000;
    const reasons: string[] = [];
    const session = login(
      { gateway: gateway.url, caPem: bundle, info, tokens },
      { file, box: plainBox, provider, now, onExpired: (reason) => reasons.push(reason) },
    );
    // The IdP ends it behind our back (an admin revoked the session).
    expect(await revokeToken(provider, tokens.refreshToken ?? '')).toBe(true);
    calls.grants.length = 0;

    const signedOut = `signed out of ${gateway.url}: run "gatehouse login"`;
    const errors = await Promise.all(Array.from({ length: 5 }, () => failure(session.current())));
    for (const error of errors) expect(error).toEqual(new GatehouseError('not-signed-in', signedOut));
    expect(calls.grants).toEqual(['refresh_token']);
    expect(session.state).toBe('expired');
    expect(reasons).toEqual([`the sign-in at ${idp.issuer} has ended: run "gatehouse login"`]);
    messages.push(...reasons);
    // Later calls, and another process reading the file, do not ask the IdP again.
    expect(await failure(session.current())).toEqual(new GatehouseError('not-signed-in', signedOut));
    const other = GatewayTokens.open({ file, box: plainBox, provider, now }).tokens;
    expect(other?.state).toBe('expired');
    expect(await failure(other!.current())).toEqual(new GatehouseError('not-signed-in', signedOut));
    expect(calls.grants).toEqual(['refresh_token']);
  });

  it('forget revokes the refresh token at the IdP and deletes the file; the old refresh token is refused after', async () => {
    const provider = await openIdProvider(info, bundle);
    const tokens = await browserSignIn(provider, 'alice@example.com');
    const file = sessionFile();
    const session = login({ gateway: gateway.url, caPem: bundle, info, tokens }, { file, box: plainBox, provider });
    expect(await session.forget()).toEqual({ revoked: true });
    expect(readSessionFile(file)).toEqual({ state: 'absent' });
    expect(await failure(session.current())).toEqual(
      new GatehouseError('not-signed-in', `signed out of ${gateway.url}: run "gatehouse login"`),
    );
    const refused = await failure(refreshTokens(provider, tokens.refreshToken ?? '', tokens.username));
    expect(refused).toEqual(
      new GatehouseError('not-signed-in', `the sign-in at ${idp.issuer} has ended: run "gatehouse login"`),
    );
  });

  it('a sealing box: 0600, no plain refresh token on disk; a process without that box uses the ID token while it lives, then says where to sign in', async () => {
    const calls = tokenCalls();
    const provider = await openIdProvider(info, bundle, { onRequest: calls.onRequest });
    const tokens = await browserSignIn(provider, 'bob@example.com');
    const file = sessionFile();
    login({ gateway: gateway.url, caPem: bundle, info, tokens }, { file, box: sealingBox, provider });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = readFileSync(file, 'utf8');
    expect(content).not.toContain(tokens.refreshToken ?? 'none');
    expect(JSON.parse(content).refreshToken.storage).toBe('encrypted');
    calls.grants.length = 0;

    // The CLI (plain box) on the desktop's file: the token is due but alive → still served…
    let clock = tokens.idTokenExpiresAt.getTime() - 30_000;
    const cli = GatewayTokens.open({ file, box: plainBox, provider, now: () => clock }).tokens;
    expect((await cli!.current()).token).toBe(tokens.idToken);
    // …expired → the desktop must renew it; the session is not ended for the desktop's sake.
    clock = tokens.idTokenExpiresAt.getTime() + 1000;
    expect(await failure(cli!.current())).toEqual(new GatehouseError('not-signed-in', SEALED_ELSEWHERE));
    expect(cli!.state).toBe('signed-in');
    expect(calls.grants).toEqual([]);
    // The desktop's own box renews it.
    await nextSecondAfter(tokens);
    const desktop = GatewayTokens.open({ file, box: sealingBox, provider, now: () => clock }).tokens;
    const renewed = await desktop!.current();
    secrets.add(renewed.token);
    expect(renewed.token).not.toBe(tokens.idToken);
    expect(calls.grants).toEqual(['refresh_token']);
    expect(readFileSync(file, 'utf8')).not.toMatch(/"sealed": "(?!v10:)/);
  });

  it('the IdP unreachable: a token with life left is kept; once it is dead, unavailable naming the IdP; the session is not ended', async () => {
    const own = await startOidcProvider();
    let stopped = false;
    try {
      const ownInfo: GatewayInfo = { ...info, issuer: own.info.issuer };
      const ownCa = readFileSync(own.info.caFile, 'utf8');
      const provider = await openIdProvider(ownInfo, ownCa);
      const tokens = await browserSignIn(provider, 'alice@example.com', own.info);
      const file = sessionFile();
      let clock = tokens.idTokenExpiresAt.getTime() - 30_000;
      const reasons: string[] = [];
      const session = login(
        { gateway: gateway.url, caPem: ownCa, info: ownInfo, tokens },
        { file, box: plainBox, provider, now: () => clock, onExpired: (r) => reasons.push(r) },
      );
      await own.stop();
      stopped = true;

      expect(await session.current()).toEqual({ token: tokens.idToken, expiresAt: tokens.idTokenExpiresAt });
      clock = tokens.idTokenExpiresAt.getTime() + 1000;
      const error = await failure(session.current());
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(
        new RegExp(`^cannot reach the identity provider ${own.info.issuer}/\\S+: connect ECONNREFUSED`),
      );
      expect(session.state).toBe('signed-in');
      expect(reasons).toEqual([]);
    } finally {
      if (!stopped) await own.stop();
    }
  });
});

describe('secrets', () => {
  it('no token appears in any error message of this file', () => {
    expect(secrets.size).toBeGreaterThan(10);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      for (const secret of secrets) {
        expect(message).not.toContain(secret);
        for (const part of secret.split('.')) if (part.length >= 16) expect(message).not.toContain(part);
      }
    }
  });
});
