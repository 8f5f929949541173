// The gateway's sign-in document: checked field by field (table), and read over HTTPS from a
// server behind a private CA — pinned when given, refused by the system's roots otherwise — with
// a clear answer for a URL that is no gateway.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { ensureLocalTls, type LocalTls } from '../proxy/local-tls';
import { parseGatewayInfo, readGatewayInfo } from './gateway-info';

const GOOD = {
  issuer: 'https://idp.example.com/realms/corp',
  clientId: 'gatehouse',
  scopes: ['openid', 'email', 'offline_access'],
  usernameClaim: 'email',
  groupsClaim: 'groups',
  kubernetesPathPrefix: '/k8s/',
  version: '1.2.3',
};

async function failure(promise: Promise<unknown>): Promise<GatehouseError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatehouseError);
    return error as GatehouseError;
  }
  throw new Error('expected a failure');
}

describe('parseGatewayInfo', () => {
  it('takes what the gateway answers, ignoring keys a newer gateway adds', () => {
    expect(parseGatewayInfo('https://gw', { ...GOOD, newKey: true })).toEqual(GOOD);
    expect(parseGatewayInfo('https://gw', { ...GOOD, groupsClaim: null }).groupsClaim).toBeNull();
  });

  const refused: [string, unknown, RegExp][] = [
    ['not an object', 'hello', /answered no usable sign-in document \(the answer: /],
    ['an array', [GOOD], /the answer:/],
    ['http issuer', { ...GOOD, issuer: 'http://idp.example.com' }, /issuer: must be an https:\/\/ URL/],
    ['no client id', { ...GOOD, clientId: undefined }, /clientId:/],
    ['empty client id', { ...GOOD, clientId: '' }, /clientId: must be a non-empty string/],
    ['scopes without openid', { ...GOOD, scopes: ['email'] }, /scopes: must include "openid"/],
    ['scopes not a list', { ...GOOD, scopes: 'openid' }, /scopes:/],
    ['no username claim', { ...GOOD, usernameClaim: undefined }, /usernameClaim:/],
    ['groups claim missing (must be null or a name)', { ...GOOD, groupsClaim: undefined }, /groupsClaim:/],
    [
      'prefix not a path',
      { ...GOOD, kubernetesPathPrefix: 'k8s' },
      /kubernetesPathPrefix: must be a path like \/k8s\//,
    ],
  ];
  it.each(refused)('%s → not-found, naming the field', (_name, doc, why) => {
    let thrown: unknown;
    try {
      parseGatewayInfo('https://gw.example', doc);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatehouseError);
    expect((thrown as GatehouseError).kind).toBe('not-found');
    expect((thrown as GatehouseError).message).toMatch(
      /^https:\/\/gw\.example is not a Gatehouse gateway: \/\.well-known\/gatehouse /,
    );
    expect((thrown as GatehouseError).message).toMatch(why);
  });
});

describe('readGatewayInfo over HTTPS', () => {
  let tls: LocalTls;
  let server: Server;
  let base: string;
  let answer: (path: string) => { status: number; body: string; headers?: Record<string, string> } = () => ({
    status: 200,
    body: JSON.stringify(GOOD),
  });

  beforeAll(async () => {
    tls = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-gateway-info-')));
    server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      const a = answer(req.url ?? '/');
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reads /.well-known/gatehouse from a gateway whose CA is pinned', async () => {
    let asked = '';
    answer = (path) => ((asked = path), { status: 200, body: JSON.stringify(GOOD) });
    expect(await readGatewayInfo(`${base}/`, tls.caPem)).toEqual({ gateway: base, info: GOOD });
    expect(asked).toBe('/.well-known/gatehouse');
  });

  it('without the CA file the system roots do not trust a private CA: unavailable, naming the URL', async () => {
    answer = () => ({ status: 200, body: JSON.stringify(GOOD) });
    const error = await failure(readGatewayInfo(base, null));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(
      new RegExp(`^cannot reach the gateway ${base}/\\.well-known/gatehouse: .*(certificate|issuer)`),
    );
  });

  it("a CA file that is not the gateway's is refused too (pinned: only the file counts)", async () => {
    const other = ensureLocalTls(mkdtempSync(join(tmpdir(), 'gatehouse-gateway-info-other-')));
    const error = await failure(readGatewayInfo(base, other.caPem));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/certificate|signature/);
  });

  it('a CA file without certificates is a usage error', async () => {
    const error = await failure(readGatewayInfo(base, 'not a pem'));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/no PEM certificate/);
  });

  it('a server that is no gateway says so', async () => {
    answer = () => ({ status: 404, body: '{"kind":"Status"}' });
    expect((await failure(readGatewayInfo(base, tls.caPem))).message).toBe(
      `${base} is not a Gatehouse gateway: /.well-known/gatehouse answered HTTP 404`,
    );
    answer = () => ({ status: 200, body: '<html>hello</html>' });
    expect((await failure(readGatewayInfo(base, tls.caPem))).message).toBe(
      `${base} is not a Gatehouse gateway: /.well-known/gatehouse answered something that is not JSON`,
    );
    answer = () => ({ status: 302, body: '', headers: { location: 'https://login.example.com/' } });
    const moved = await failure(readGatewayInfo(base, tls.caPem));
    expect(moved.kind).toBe('not-found');
    expect(moved.message).toMatch(/redirects to https:\/\/login\.example\.com\/ \(not followed/);
    answer = () => ({ status: 503, body: '' });
    const down = await failure(readGatewayInfo(base, tls.caPem));
    expect(down.kind).toBe('unavailable');
    expect(down.message).toBe(`the gateway ${base} answered HTTP 503 for /.well-known/gatehouse`);
  });

  it('a URL that is not https://host[:port] is a usage error before anything is sent', async () => {
    let asked = false;
    answer = () => ((asked = true), { status: 200, body: JSON.stringify(GOOD) });
    expect((await failure(readGatewayInfo(`${base}/k8s`, tls.caPem))).kind).toBe('usage');
    expect(asked).toBe(false);
  });

  it('nothing listening: unavailable with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(readGatewayInfo(`https://127.0.0.1:${port}`, tls.caPem));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(
      `cannot reach the gateway https://127.0.0.1:${port}/.well-known/gatehouse: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });
});
