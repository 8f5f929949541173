// Browser mode's gate: the page needs the URL's token (then a session cookie), the API websocket
// needs the token or the cookie AND this server's Origin; foreign Host headers are refused.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireServerMessage } from '../../shared/wire';
import { createGatehouseApp } from '../core/create-app';
import { appPaths } from '../paths';
import { API_SUBPROTOCOL, startBrowserServer, TOKEN_SUBPROTOCOL_PREFIX, type BrowserServer } from './browser-server';

let server: BrowserServer;
let token: string;
let origin: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-browser-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  const { core, handlers } = createGatehouseApp(appPaths(join(dir, 'home')), { mode: 'browser' });
  server = await startBrowserServer({ core, handlers, rendererDir });
  const url = new URL(server.url);
  token = url.searchParams.get('token')!;
  origin = url.origin;
});
afterAll(() => server.close());

function connect(protocols: string[], headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`, protocols, { headers });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => {});
  });
}

describe('browser mode', () => {
  it('serves the page only with the token, and then by cookie', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const again = await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('<title>Gatehouse</title>');
  });

  it('refuses a foreign Host (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      request(`${server.url}`, { headers: { host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });

  it('answers API calls over the websocket with the token and the right Origin', async () => {
    const conn = await connect([API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`], { origin });
    expect('ws' in conn).toBe(true);
    if (!('ws' in conn)) return;
    const answer = new Promise<WireServerMessage>((resolve) => conn.ws.once('message', (d) => resolve(JSON.parse(String(d)) as WireServerMessage)));
    conn.ws.send(JSON.stringify({ kind: 'call', id: 7, channel: 'app.info', request: null }));
    expect(await answer).toMatchObject({ kind: 'answer', id: 7, result: { ok: true, value: { mode: 'browser' } } });
    const notSignedIn = new Promise<WireServerMessage>((resolve) => conn.ws.once('message', (d) => resolve(JSON.parse(String(d)) as WireServerMessage)));
    conn.ws.send(JSON.stringify({ kind: 'call', id: 8, channel: 'resources.list', request: null }));
    expect(await notSignedIn).toMatchObject({ id: 8, result: { ok: false, error: { code: 'not-signed-in' } } });
    conn.ws.close();
  });

  it('refuses the websocket from another Origin, without the token, or with a wrong one', async () => {
    expect(await connect([API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`], { origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await connect([API_SUBPROTOCOL], { origin })).toEqual({ status: 403 });
    expect(await connect([API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}nope`], { origin })).toEqual({ status: 403 });
  });
});
