import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalTls, type LocalTls } from '../proxy/local-tls';
import { httpsJsonFetcher } from './https-json';

let tls: LocalTls;
let server: Server;
let base: string;

beforeAll(async () => {
  tls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-https-json-')));
  server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    if (req.url === '/ok') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    if (req.url === '/moved') return res.writeHead(302, { location: 'https://elsewhere.example/jwks' }).end();
    if (req.url === '/big') return res.writeHead(200).end(`"${'x'.repeat(5000)}"`);
    if (req.url === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    if (req.url === '/slow') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('httpsJsonFetcher', () => {
  const options = () => ({ ca: tls.caPem, timeoutMs: 2000, maxBytes: 1000 });

  it('gets JSON from a server whose CA it was given', async () => {
    expect(await httpsJsonFetcher(options())(`${base}/ok`)).toEqual({ keys: [] });
  });
  it('trusts nothing else: without the CA the same server is refused', async () => {
    await expect(httpsJsonFetcher({ timeoutMs: 2000, maxBytes: 1000 })(`${base}/ok`)).rejects.toThrow(new RegExp(`^${base}/ok: .*(certificate|issuer)`));
  });
  it('does not follow redirects, saying where it was sent', async () => {
    await expect(httpsJsonFetcher(options())(`${base}/moved`)).rejects.toThrow(`${base}/moved: HTTP 302 (redirect to https://elsewhere.example/jwks not followed)`);
  });
  it('bounds size and time, and wants JSON and https', async () => {
    await expect(httpsJsonFetcher(options())(`${base}/big`)).rejects.toThrow(`${base}/big: answer larger than 1000 bytes`);
    await expect(httpsJsonFetcher({ ...options(), timeoutMs: 200 })(`${base}/slow`)).rejects.toThrow(`${base}/slow: no answer within 200 ms`);
    await expect(httpsJsonFetcher(options())(`${base}/html`)).rejects.toThrow(`${base}/html: the answer is not JSON`);
    await expect(httpsJsonFetcher(options())(`${base}/nothing`)).rejects.toThrow(`${base}/nothing: HTTP 404`);
    await expect(httpsJsonFetcher(options())(base.replace('https:', 'http:'))).rejects.toThrow(/only https:\/\/ URLs are fetched/);
  });
});
