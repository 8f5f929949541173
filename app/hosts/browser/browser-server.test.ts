// Browser mode's gate: the page is public, the printed link works once and buys one tab session,
// the API websocket needs that tab session AND this server's Origin; no cookie is set or honoured;
// foreign Host headers are refused.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_USED_MESSAGE } from './browser-access';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../../shared/wire';
import { nextMessage, openApi, redeem, sessionProtocols, startTestBrowserServer, stillServes, type TestBrowserServer } from './browser-server.fixture';

let t: TestBrowserServer;

beforeAll(async () => {
  t = await startTestBrowserServer();
});
afterAll(() => t.server.close());

describe('browser mode', () => {
  it('serves the page without a token (a reload has none), with the CSP and no cookie', async () => {
    const page = await fetch(`${t.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await page.text()).toContain('<title>Gatehouse</title>');
  });

  it('the printed link loads the page until it is redeemed; redeeming it gives a tab session once', async () => {
    const link = new URL(t.server.newLink()).searchParams.get('token')!;
    const before = await fetch(`${t.origin}/?token=${link}`);
    expect(before.status).toBe(200);
    expect(before.headers.get('set-cookie')).toBeNull();

    const first = await redeem(t, link);
    expect(first.status).toBe(200);
    expect(first.body.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.body.session).not.toBe(link);
    expect(first.setCookie).toBeNull();

    const again = await redeem(t, link);
    expect(again).toMatchObject({ status: 410, body: { error: LINK_USED_MESSAGE } });
    const reopened = await fetch(`${t.origin}/?token=${link}`);
    expect(reopened.status).toBe(410);
    expect(await reopened.text()).toBe(`${LINK_USED_MESSAGE}\n`);
    expect(LINK_USED_MESSAGE).toContain('already used');
    expect(LINK_USED_MESSAGE).toContain('start it again');

    const unknown = await fetch(`${t.origin}/?token=wrong`);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('not a link of the running Gatehouse');
    expect((await redeem(t, 'wrong')).status).toBe(401);
  });

  it('refuses a redemption from another Origin, or without one, and does not spend the link', async () => {
    const link = new URL(t.server.newLink()).searchParams.get('token')!;
    expect((await fetch(`${t.origin}/session`, { method: 'POST', headers: { 'x-gatehouse-link': link, origin: 'http://127.0.0.1:1' } })).status).toBe(403);
    expect((await fetch(`${t.origin}/session`, { method: 'POST', headers: { 'x-gatehouse-link': link } })).status).toBe(403);
    expect((await fetch(`${t.origin}/session`, { method: 'PUT', headers: { 'x-gatehouse-link': link, origin: t.origin } })).status).toBe(405);
    expect((await redeem(t, link)).status).toBe(200);
  });

  it('tells a tab whether its session is still known (GET /session), and nothing more', async () => {
    const session = (await redeem(t, new URL(t.server.newLink()).searchParams.get('token')!)).body.session!;
    const known = await fetch(`${t.origin}/session`, { headers: { 'x-gatehouse-session': session } });
    expect(known.status).toBe(204);
    expect(await known.text()).toBe('');
    const unknown = await fetch(`${t.origin}/session`, { headers: { 'x-gatehouse-session': 'from-an-earlier-run' } });
    expect(unknown.status).toBe(401);
    expect((await fetch(`${t.origin}/session`)).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      request(`${t.origin}/`, { headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });

  it('answers API calls over the websocket with a tab session and the right Origin', async () => {
    const { body } = await redeem(t, t.link);
    const conn = await openApi(t, sessionProtocols(body.session!));
    if (!('ws' in conn)) throw new Error(`refused: ${conn.status}`);
    expect(conn.ws.protocol).toBe(API_SUBPROTOCOL);
    const answer = nextMessage(conn.ws);
    conn.ws.send(JSON.stringify({ kind: 'call', id: 7, channel: 'app.info', request: null }));
    expect(await answer).toMatchObject({ kind: 'answer', id: 7, result: { ok: true, value: { mode: 'browser' } } });
    const notSignedIn = nextMessage(conn.ws);
    conn.ws.send(JSON.stringify({ kind: 'call', id: 8, channel: 'resources.list', request: null }));
    expect(await notSignedIn).toMatchObject({ id: 8, result: { ok: false, error: { code: 'not-signed-in' } } });
    conn.ws.close();
    // A reload of the tab: the same session opens a new websocket.
    const reload = await openApi(t, sessionProtocols(body.session!));
    expect('ws' in reload).toBe(true);
    if ('ws' in reload) reload.ws.close();
  });

  it('refuses the websocket from another Origin, without a session, with a wrong one, or with the link token', async () => {
    const session = (await redeem(t, new URL(t.server.newLink()).searchParams.get('token')!)).body.session!;
    expect(await openApi(t, sessionProtocols(session), { origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await openApi(t, sessionProtocols(session), {})).toMatchObject({ status: 403 });
    expect(await openApi(t, [API_SUBPROTOCOL], { origin: t.origin })).toMatchObject({ status: 403 });
    expect(await openApi(t, [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}nope`], { origin: t.origin })).toMatchObject({ status: 403 });
    const unredeemed = new URL(t.server.newLink()).searchParams.get('token')!;
    expect(await openApi(t, [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${unredeemed}`], { origin: t.origin })).toMatchObject({ status: 403 });
    await stillServes(t);
  });
});
