// The one-shot loopback redirect: exactly one valid callback is redeemed, then the port closes;
// a wrong state or an IdP error fails the sign-in with a page saying so; stray requests (other
// paths, a foreign Host) are answered and change nothing.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { SIGNED_IN_TEXT } from './callback-pages';
import { startCallbackServer, type CallbackServer } from './callback-server';

const STATE = 'state-abc-123';
const ISSUER = 'https://idp.example';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(
  redirectUri: string,
  pathAndQuery: string,
  opts: { host?: string; method?: string } = {},
): Promise<Answer> {
  const url = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: pathAndQuery,
        method: opts.method ?? 'GET',
        headers: { host: opts.host ?? url.host },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function rejection(promise: Promise<unknown>): Promise<GatehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error('expected the sign-in to fail');
}

function server(
  exchange: (url: URL) => Promise<string> = async (url) => `tokens for ${url.searchParams.get('code')}`,
  timeoutMs?: number,
): Promise<CallbackServer<string>> {
  return startCallbackServer<string>({
    expectedState: STATE,
    issuer: ISSUER,
    exchange,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

describe('startCallbackServer', () => {
  it('listens on 127.0.0.1 and a free port, with /callback as the redirect URI', async () => {
    const cb = await server();
    expect(cb.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    cb.cancel();
  });

  it('redeems the one valid callback with the full redirect URL, shows the signed-in page, then closes', async () => {
    const seen: string[] = [];
    const cb = await server(async (url) => (seen.push(url.href), 'tokens'));
    const answer = await get(cb.redirectUri, `/callback?code=c0de&state=${STATE}&iss=${encodeURIComponent(ISSUER)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(SIGNED_IN_TEXT);
    expect(answer.body).not.toContain('c0de');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    expect(await cb.done).toBe('tokens');
    expect(seen).toEqual([`${cb.redirectUri}?code=c0de&state=${STATE}&iss=${encodeURIComponent(ISSUER)}`]);
    // A second call finds nothing listening.
    await expect(get(cb.redirectUri, `/callback?code=again&state=${STATE}`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('a second callback while the first is being redeemed is turned away (409) and not redeemed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let exchanges = 0;
    const cb = await server(async () => {
      exchanges++;
      await gate;
      return 'tokens';
    });
    const first = get(cb.redirectUri, `/callback?code=one&state=${STATE}`);
    await expect.poll(() => exchanges).toBe(1);
    const second = await get(cb.redirectUri, `/callback?code=two&state=${STATE}`);
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    expect(await cb.done).toBe('tokens');
    expect(exchanges).toBe(1);
  });

  it('a wrong or missing state fails the sign-in (refused) with a page saying so; nothing is redeemed', async () => {
    for (const query of [`code=c&state=${STATE}x`, 'code=c', `code=c&state=${STATE.slice(0, -1)}`]) {
      let redeemed = false;
      const cb = await server(async () => ((redeemed = true), 'tokens'));
      const answer = await get(cb.redirectUri, `/callback?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('state does not match');
      const error = await rejection(cb.done);
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(
        /^the sign-in at https:\/\/idp\.example was refused: the answer's state does not match/,
      );
      expect(redeemed).toBe(false);
    }
  });

  it("the IdP's error fails the sign-in, said on the page (escaped) and in the error", async () => {
    const cb = await server();
    const answer = await get(
      cb.redirectUri,
      `/callback?error=access_denied&error_description=${encodeURIComponent('the person <b>cancelled</b>')}&state=${STATE}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('access_denied (the person &#60;b&#62;cancelled&#60;/b&#62;)');
    const error = await rejection(cb.done);
    expect(error).toEqual(
      new GatehouseError(
        'refused',
        'the identity provider https://idp.example refused the sign-in: access_denied (the person <b>cancelled</b>)',
      ),
    );
  });

  it('a failed exchange is shown as failed, not signed in', async () => {
    const cb = await server(async () => {
      throw new GatehouseError(
        'unavailable',
        'cannot reach the identity provider https://idp.example/token: connect ECONNREFUSED',
      );
    });
    const answer = await get(cb.redirectUri, `/callback?code=c&state=${STATE}`);
    expect(answer.status).toBe(400);
    expect(answer.body).not.toContain(SIGNED_IN_TEXT);
    expect(answer.body).toContain('cannot reach the identity provider');
    expect((await rejection(cb.done)).kind).toBe('unavailable');
  });

  it('other paths (404), other methods (405) and a foreign Host (403) are answered and leave the sign-in going', async () => {
    const cb = await server();
    expect((await get(cb.redirectUri, '/')).status).toBe(404);
    expect((await get(cb.redirectUri, `/callback/x?code=c&state=${STATE}`)).status).toBe(404);
    expect((await get(cb.redirectUri, `/callback?code=c&state=${STATE}`, { method: 'POST' })).status).toBe(405);
    const port = new URL(cb.redirectUri).port;
    for (const host of [`localhost:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `127.0.0.1`]) {
      const answer = await get(cb.redirectUri, `/callback?code=c&state=${STATE}`, { host });
      expect(answer.status, host).toBe(403);
    }
    const ok = await get(cb.redirectUri, `/callback?code=real&state=${STATE}`);
    expect(ok.status).toBe(200);
    expect(await cb.done).toBe('tokens for real');
  });

  it('times out, and cancel ends it at once; both close the port', async () => {
    const slow = await server(undefined, 100);
    const timedOut = await rejection(slow.done);
    expect(timedOut).toEqual(
      new GatehouseError(
        'unavailable',
        'the sign-in at https://idp.example was not finished within 0.1 s: start it again',
      ),
    );
    await expect(get(slow.redirectUri, `/callback?code=c&state=${STATE}`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    const cancelled = await server();
    cancelled.cancel();
    expect(await rejection(cancelled.done)).toEqual(
      new GatehouseError('refused', 'the sign-in at https://idp.example was cancelled'),
    );
    await expect(get(cancelled.redirectUri, `/callback?code=c&state=${STATE}`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
