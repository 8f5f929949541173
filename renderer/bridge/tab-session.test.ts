// How a tab gets its browser-mode session: redeem the link once, else reuse the tab's own session,
// else a refusal carrying the server's reason.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFakeWindow, SESSION_KEY } from './fake-window.test-support';

function fakeWindow(...args: Parameters<typeof makeFakeWindow>): ReturnType<typeof makeFakeWindow> {
  const fake = makeFakeWindow(...args);
  vi.stubGlobal('window', fake.window);
  return fake;
}
import { NO_LINK_MESSAGE, obtainTabSession, sessionStatus } from './tab-session';

afterEach(() => {
  vi.unstubAllGlobals();
});

function server(status: number, body: unknown) {
  return vi.fn<(input: string, init: RequestInit) => Promise<Response>>(async () => new Response(JSON.stringify(body), { status }));
}

describe('obtainTabSession', () => {
  it('redeems the link at POST /session with the link in a header (no cookie), keeps the session, hides the link', async () => {
    const { stored, replaced } = fakeWindow('http://127.0.0.1:4000/?token=link-1');
    const fetchFn = server(200, { session: 'tab-1' });
    expect(await obtainTabSession(fetchFn)).toEqual({ kind: 'session', token: 'tab-1' });
    expect(fetchFn).toHaveBeenCalledExactlyOnceWith('/session', { method: 'POST', headers: { 'X-Gatehouse-Link': 'link-1' }, cache: 'no-store', credentials: 'omit' });
    expect(stored.get(SESSION_KEY)).toBe('tab-1');
    expect(replaced).toEqual([[{ page: 1 }, '', '/']]);
  });

  it('a reload (no link in the address bar) uses the tab session without asking the server', async () => {
    fakeWindow('http://127.0.0.1:4000/#/activity', { stored: 'tab-1' });
    const fetchFn = server(500, {});
    expect(await obtainTabSession(fetchFn)).toEqual({ kind: 'session', token: 'tab-1' });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('a used link is refused with the server’s message, and the link stays visible', async () => {
    const { replaced } = fakeWindow('http://127.0.0.1:4000/?token=link-1');
    const session = await obtainTabSession(server(410, { error: 'This Gatehouse link was already used: …' }));
    expect(session).toEqual({ kind: 'refused', message: 'This Gatehouse link was already used: …' });
    expect(replaced).toEqual([]);
  });

  it('a used link opened again in the tab that used it keeps the tab’s session', async () => {
    fakeWindow('http://127.0.0.1:4000/?token=link-1', { stored: 'tab-1' });
    expect(await obtainTabSession(server(410, { error: 'used' }))).toEqual({ kind: 'session', token: 'tab-1' });
  });

  it('an unknown link is refused even when the tab holds a session (it belongs to another run)', async () => {
    fakeWindow('http://127.0.0.1:4000/?token=other-run', { stored: 'tab-old' });
    expect(await obtainTabSession(server(401, { error: 'not a link of the running Gatehouse' }))).toEqual({ kind: 'refused', message: 'not a link of the running Gatehouse' });
  });

  it('no link and no session: says to open the printed link', async () => {
    fakeWindow('http://127.0.0.1:4000/');
    expect(await obtainTabSession(server(200, { session: 'never' }))).toEqual({ kind: 'refused', message: NO_LINK_MESSAGE });
  });

  it('an unreachable server or an answer that is not the server’s JSON is a refusal saying so', async () => {
    fakeWindow('http://127.0.0.1:4000/?token=link-1');
    const down = vi.fn<(input: string, init: RequestInit) => Promise<Response>>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await obtainTabSession(down)).toMatchObject({ kind: 'refused', message: expect.stringContaining('Cannot reach Gatehouse') as string });
    fakeWindow('http://127.0.0.1:4000/?token=link-1');
    const garbage = vi.fn<(input: string, init: RequestInit) => Promise<Response>>(async () => new Response('<html>', { status: 502 }));
    expect(await obtainTabSession(garbage)).toEqual({ kind: 'refused', message: 'Gatehouse refused this link (HTTP 502).' });
    fakeWindow('http://127.0.0.1:4000/?token=link-1');
    expect(await obtainTabSession(server(200, { session: 42 }))).toEqual({ kind: 'refused', message: 'Gatehouse answered the link without a session.' });
  });
});

describe('sessionStatus', () => {
  it('asks GET /session with the tab session in a header: 204 known, 401 unknown (restarted), else unreachable', async () => {
    const known = vi.fn<(input: string, init: RequestInit) => Promise<Response>>(async () => new Response(null, { status: 204 }));
    expect(await sessionStatus('tab-1', known)).toBe('known');
    expect(known).toHaveBeenCalledExactlyOnceWith('/session', { method: 'GET', headers: { 'X-Gatehouse-Session': 'tab-1' }, cache: 'no-store', credentials: 'omit' });
    expect(await sessionStatus('tab-1', server(401, {}))).toBe('unknown');
    expect(await sessionStatus('tab-1', server(503, {}))).toBe('unreachable');
    const down = vi.fn<(input: string, init: RequestInit) => Promise<Response>>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await sessionStatus('tab-1', down)).toBe('unreachable');
  });
});
