// The fetch sign-in uses for the gateway and the IdP: our trust (never the process's), bounded
// in time and size, redirects returned and not followed, the caller's abort honoured.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { ensureLocalTls, type LocalTls } from '../proxy/local-tls';
import { httpsFetch } from './https-fetch';
import { gatewayTrust, identityProviderTrust } from './trust';

let tls: LocalTls;
let server: Server;
let base: string;
const received: { method: string; url: string; body: string; type: string }[] = [];

beforeAll(async () => {
  tls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-https-fetch-')));
  server = createServer({ cert: tls.certPem, key: tls.keyPem }, async (req, res) => {
    let body = '';
    for await (const chunk of req as AsyncIterable<Buffer>) body += chunk.toString();
    received.push({ method: req.method ?? '', url: req.url ?? '', body, type: String(req.headers['content-type']) });
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (path === '/token')
      return res
        .writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] })
        .end('{"ok":true}');
    if (path === '/moved') return res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
    if (path === '/empty') return res.writeHead(204).end();
    if (path === '/big') return res.writeHead(200).end('x'.repeat(5000));
    if (path === '/slow') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const init = (
  over: Partial<Parameters<ReturnType<typeof httpsFetch>>[1]> = {},
): Parameters<ReturnType<typeof httpsFetch>>[1] => ({
  method: 'GET',
  headers: {},
  body: undefined,
  redirect: 'manual',
  ...over,
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('httpsFetch', () => {
  it('POSTs a form and returns the answer as a Response, headers and all, telling onRequest first', async () => {
    const seen: string[] = [];
    const fetch = httpsFetch({
      what: 'the identity provider',
      ca: gatewayTrust(tls.caPem),
      onRequest: (r) => seen.push(`${r.method} ${r.url} ${r.body}`),
    });
    const res = await fetch(
      `${base}/token`,
      init({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token' }),
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(received.at(-1)).toEqual({
      method: 'POST',
      url: '/token',
      body: 'grant_type=refresh_token',
      type: 'application/x-www-form-urlencoded',
    });
    expect(seen).toEqual([`POST ${base}/token grant_type=refresh_token`]);
  });

  it('returns redirects and empty answers as they are', async () => {
    const fetch = httpsFetch({ what: 'the gateway', ca: gatewayTrust(tls.caPem) });
    const moved = await fetch(`${base}/moved`, init());
    expect([moved.status, moved.headers.get('location')]).toEqual([302, 'https://elsewhere.example/']);
    expect((await fetch(`${base}/empty`, init())).status).toBe(204);
  });

  it('bounds the answer size and time, naming who and where (never the query)', async () => {
    const fetch = httpsFetch({
      what: 'the gateway',
      ca: gatewayTrust(tls.caPem),
      maxBytes: 1000,
      responseTimeoutMs: 200,
    });
    const big = await failure(fetch(`${base}/big?secret=1`, init()));
    expect(big).toEqual(
      new GatehouseError('unavailable', `cannot reach the gateway ${base}/big: answer larger than 1000 bytes`),
    );
    const slow = await failure(fetch(`${base}/slow`, init()));
    expect(slow).toEqual(
      new GatehouseError('unavailable', `cannot reach the gateway ${base}/slow: no answer within 0.2 s`),
    );
  });

  it("stops when the caller's signal aborts, with the signal's reason", async () => {
    const fetch = httpsFetch({ what: 'the identity provider', ca: gatewayTrust(tls.caPem) });
    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, init({ signal: controller.signal }));
    controller.abort(new DOMException('stop', 'AbortError'));
    const error = await failure(pending);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('only https', async () => {
    const error = await failure(httpsFetch({ what: 'the gateway', ca: undefined })('http://127.0.0.1:1/x', init()));
    expect((error as GatehouseError).kind).toBe('usage');
  });
});

describe('trust', () => {
  it('the gateway: only the CA file (pinned); else the default roots', () => {
    expect(gatewayTrust(tls.caPem)).toEqual([tls.caPem.trim()]);
    expect(gatewayTrust(null)).toBeUndefined();
  });

  it('the IdP: the system roots, NODE_EXTRA_CA_CERTS and the CA file together', async () => {
    // Any certificate will do as the "extra" one (a second local CA would share the first's name).
    const extraPem = rootCertificates[0] ?? '';
    const extraFile = join(mkdtempSync(join(tmpdir(), 'gatehouse-extra-ca-')), 'extra.pem');
    writeFileSync(extraFile, extraPem);
    const cas = identityProviderTrust(tls.caPem, { NODE_EXTRA_CA_CERTS: extraFile }) ?? [];
    expect(cas.length).toBe(rootCertificates.length + 2);
    expect(cas.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(cas.slice(-2)).toEqual([extraPem.trim(), tls.caPem.trim()]);
    // …and a server behind the file's CA is reached with that list.
    const res = await httpsFetch({ what: 'the identity provider', ca: cas })(`${base}/token`, init());
    expect(res.status).toBe(200);
    expect(identityProviderTrust(null)).toBeUndefined();
  });

  it('NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment changes nothing: certificates are still verified', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const error = await failure(httpsFetch({ what: 'the gateway', ca: gatewayTrust(null) })(`${base}/token`, init()));
      expect((error as GatehouseError).kind).toBe('unavailable');
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  it('without the file, a private CA is not trusted', async () => {
    const error = await failure(
      httpsFetch({ what: 'the identity provider', ca: identityProviderTrust(null) })(`${base}/token`, init()),
    );
    expect((error as GatehouseError).message).toMatch(
      new RegExp(`^cannot reach the identity provider ${base}/token: .*(certificate|issuer)`),
    );
  });
});
