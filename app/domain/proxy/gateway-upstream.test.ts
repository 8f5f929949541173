// The loopback listener forwarding to a gateway, in-process: the real listener and admission in
// front of an HTTPS peer that records exactly what arrives (the real gateway, cluster and kubectl
// are in e2e/integration/gateway-forwarding.test.ts). What goes on the wire (the /k8s/<resource>
// prefix, the ID token instead of the local one, no Impersonate-*), what is refused before it, the
// gateway's CA pinned, and reachability: refused connections are a 503 naming the gateway, and the
// next request after it is back works on the same listener.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../shared/activity';
import { GatewayForwardingAdmission } from './gateway-forwarding-admission';
import { gatewayPathPrefix } from './gateway-upstream';
import { ensureLocalTls, type LocalTls } from './local-tls';
import { BEARER_SUBPROTOCOL_PREFIX } from './local-auth';
import { ImpersonatingProxy } from './server';
import { bodyOf, rawExchange, type RawTarget } from './testing/raw-client';

const LOCAL = 'local-token-0123456789abcdefghijklmnopqrstuvwxyz';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

describe('gatewayPathPrefix', () => {
  const cases: Array<[resource: string, prefix: string]> = [
    ['staging', '/k8s/staging'],
    ['prod-eu-1', '/k8s/prod-eu-1'],
    ['a b', '/k8s/a%20b'],
    ['x/y', '/k8s/x%2Fy'],
    ['q?watch=1', '/k8s/q%3Fwatch%3D1'],
    ['frag#x', '/k8s/frag%23x'],
    ['%2F', '/k8s/%252F'],
    ['..', '/k8s/%2E%2E'],
    ['.', '/k8s/%2E'],
    ['a.b', '/k8s/a.b'],
    ['ü', '/k8s/%C3%BC'],
    ['', '/k8s/'],
  ];
  for (const [resource, prefix] of cases) {
    it(`${JSON.stringify(resource)} → ${prefix}`, () => expect(gatewayPathPrefix(resource)).toBe(prefix));
  }
});

/** What the peer received: one entry per request head (upgrades included). */
interface Arrived {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

interface Peer {
  port: number;
  arrived: Arrived[];
  stop(): Promise<void>;
}

/** An HTTPS peer with the given certificate: answers 200 with JSON, and 101 to an upgrade. */
function startPeer(tls: LocalTls, port = 0): Promise<Peer> {
  const arrived: Arrived[] = [];
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    arrived.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"kind":"Status","status":"Success"}');
  });
  server.on('upgrade', (req: http.IncomingMessage, socket) => {
    arrived.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    socket.end(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n',
    );
  });
  return new Promise((resolve) => {
    server.listen({ port, host: '127.0.0.1' }, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        arrived,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    );
  });
}

let listenerTls: LocalTls;
let gatewayTls: LocalTls;
let otherTls: LocalTls;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-forwarder-tls-'));
  listenerTls = ensureLocalTls(join(dir, 'listener'));
  gatewayTls = ensureLocalTls(join(dir, 'gateway'));
  otherTls = ensureLocalTls(join(dir, 'other'));
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

afterAll(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Forwarder {
  target: RawTarget;
  records: RequestRecord[];
  reachability: Array<[boolean, string | null]>;
}

async function forwarder(gatewayPort: number, caPem: string | null, resource = 'staging'): Promise<Forwarder> {
  const records: RequestRecord[] = [];
  const reachability: Array<[boolean, string | null]> = [];
  const proxy = new ImpersonatingProxy({
    admission: new GatewayForwardingAdmission({
      resource,
      localToken: () => LOCAL,
      gateway: { url: new URL(`https://127.0.0.1:${gatewayPort}`), caPem },
      bearer: async () => ID_TOKEN,
      person: () => 'alice@example.com',
      onReachability: (reachable, reason) => reachability.push([reachable, reason]),
    }),
    port: 0,
    tls: listenerTls,
    onRequest: (r) => records.push(r),
  });
  const port = await proxy.listen();
  cleanup.push(() => proxy.close());
  return { target: { port, caPem: listenerTls.caPem }, records, reachability };
}

const get = (path: string, extra: string[] = [], token = LOCAL): string =>
  [
    `GET ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Authorization: Bearer ${token}`,
    'Connection: close',
    ...extra,
    '',
    '',
  ].join('\r\n');

function statusOf(text: string): { code: number; message: string; reason: string } {
  return JSON.parse(bodyOf({ status: null, text, closed: true })) as { code: number; message: string; reason: string };
}

describe('the loopback listener forwarding to a gateway', () => {
  it('sends /k8s/<resource>/<target> with the query, the ID token as the bearer, no local token and no Impersonate-*', async () => {
    const peer = await startPeer(gatewayTls);
    cleanup.push(() => peer.stop());
    const { target, records } = await forwarder(peer.port, gatewayTls.caPem);
    const r = await rawExchange(
      target,
      get('/api/v1/namespaces/team-a/pods?labelSelector=app%3Dweb&limit=5', [
        'X-Remote-User: admin',
        'X-Forwarded-For: 10.9.8.7',
      ]),
    );
    expect(r.status, r.text).toBe(200);
    expect(peer.arrived).toHaveLength(1);
    const [arrived] = peer.arrived;
    expect(arrived?.url).toBe('/k8s/staging/api/v1/namespaces/team-a/pods?labelSelector=app%3Dweb&limit=5');
    expect(arrived?.headers.authorization).toBe(`Bearer ${ID_TOKEN}`);
    expect(arrived?.headers.host).toBe(`127.0.0.1:${peer.port}`);
    const names = Object.keys(arrived?.headers ?? {});
    expect(
      names.filter((n) => n.startsWith('impersonate-') || n.startsWith('x-remote-') || n === 'x-forwarded-for'),
    ).toEqual([]);
    expect(JSON.stringify(arrived?.headers)).not.toContain(LOCAL);
    // The local log: the person and the resource, the path as the client asked it, no token.
    await expect.poll(() => records.length).toBe(1);
    expect(records[0]).toMatchObject({
      resource: 'staging',
      user: 'alice@example.com',
      groups: [],
      verb: 'list',
      path: '/api/v1/namespaces/team-a/pods',
      namespace: 'team-a',
      status: 200,
    });
    expect(JSON.stringify(records)).not.toContain(ID_TOKEN);
  });

  it('an upgrade goes to the gateway with the ID token in Authorization and the subprotocols without the local token', async () => {
    const peer = await startPeer(gatewayTls);
    cleanup.push(() => peer.stop());
    const { target } = await forwarder(peer.port, gatewayTls.caPem);
    const subprotocol = `${BEARER_SUBPROTOCOL_PREFIX}${Buffer.from(LOCAL).toString('base64url')}`;
    const head = [
      'GET /api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true HTTP/1.1',
      'Host: localhost',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      `Sec-WebSocket-Protocol: ${subprotocol}, v5.channel.k8s.io`,
      '',
      '',
    ].join('\r\n');
    const r = await rawExchange(target, head);
    expect(r.status, r.text).toBe(101);
    const [arrived] = peer.arrived;
    expect(arrived?.url).toBe('/k8s/staging/api/v1/namespaces/team-a/pods/web/exec?command=sh&stdin=true');
    expect(arrived?.headers.authorization).toBe(`Bearer ${ID_TOKEN}`);
    expect(arrived?.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io');
    expect(Object.keys(arrived?.headers ?? {}).filter((n) => n.startsWith('impersonate-'))).toEqual([]);
  });

  it('a SPDY upgrade (a POST without a body) says Content-Length: 0, never chunked (a gateway refuses a body on an upgrade)', async () => {
    const peer = await startPeer(gatewayTls);
    cleanup.push(() => peer.stop());
    const { target } = await forwarder(peer.port, gatewayTls.caPem);
    const head = [
      'POST /api/v1/namespaces/team-a/pods/web/portforward HTTP/1.1',
      'Host: localhost',
      `Authorization: Bearer ${LOCAL}`,
      'Connection: Upgrade',
      'Upgrade: SPDY/3.1',
      'X-Stream-Protocol-Version: portforward.k8s.io',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const r = await rawExchange(target, head);
    expect(r.status, r.text).toBe(101);
    const [arrived] = peer.arrived;
    expect(arrived).toMatchObject({
      method: 'POST',
      url: '/k8s/staging/api/v1/namespaces/team-a/pods/web/portforward',
    });
    expect(arrived?.headers['content-length']).toBe('0');
    expect(arrived?.headers['transfer-encoding']).toBeUndefined();
  });

  it('a client’s own Impersonate-* is refused here with 403 naming the resource; nothing reaches the gateway', async () => {
    const peer = await startPeer(gatewayTls);
    cleanup.push(() => peer.stop());
    const { target } = await forwarder(peer.port, gatewayTls.caPem);
    const r = await rawExchange(target, get('/api/v1/pods', ['Impersonate-User: dave@example.com']));
    expect(r.status).toBe(403);
    expect(statusOf(r.text).message).toBe(
      'gatehouse: request carries Impersonate-User; impersonation through resource "staging" is fixed to alice@example.com and cannot be changed by the client (remove --as / --as-group / --as-uid)',
    );
    expect(peer.arrived).toEqual([]);
  });

  it('pins the gateway’s CA: a gateway certificate from another CA is a 502 naming the gateway, and so is one the system does not trust', async () => {
    const peer = await startPeer(otherTls);
    cleanup.push(() => peer.stop());
    for (const caPem of [gatewayTls.caPem, null]) {
      const { target, reachability } = await forwarder(peer.port, caPem);
      const r = await rawExchange(target, get('/api'));
      expect(r.status).toBe(502);
      expect(statusOf(r.text).message).toMatch(
        new RegExp(
          `^gatehouse: TLS with the gateway https://127\\.0\\.0\\.1:${peer.port} for resource "staging" failed: `,
        ),
      );
      expect(reachability).toEqual([[false, expect.stringMatching(/^TLS with the gateway /)]]);
    }
    expect(peer.arrived).toEqual([]);
  });

  it('gateway down: 503 naming the gateway and the cause, reachability told; back on the same port: the next request works', async () => {
    let peer = await startPeer(gatewayTls);
    const port = peer.port;
    cleanup.push(() => peer.stop());
    const { target, reachability } = await forwarder(port, gatewayTls.caPem);
    // Keep-alive: the first request leaves an idle connection to the gateway in the agent.
    expect((await rawExchange(target, get('/api/v1/namespaces'))).status).toBe(200);
    expect(reachability).toEqual([[true, null]]);

    await peer.stop();
    const down = await rawExchange(target, get('/api/v1/namespaces'));
    expect(down.status).toBe(503);
    const status = statusOf(down.text);
    expect(status.reason).toBe('ServiceUnavailable');
    expect(status.message).toMatch(
      new RegExp(
        `^gatehouse: cannot reach the gateway https://127\\.0\\.0\\.1:${port} for resource "staging": ECONNREFUSED `,
      ),
    );
    expect(status.message).not.toContain('the cluster');
    expect(reachability).toEqual([
      [true, null],
      [false, status.message.replace(/^gatehouse: /, '')],
    ]);
    // Still down: no new change to tell.
    expect((await rawExchange(target, get('/api/v1/namespaces'))).status).toBe(503);
    expect(reachability).toHaveLength(2);

    peer = await startPeer(gatewayTls, port);
    const back = await rawExchange(target, get('/api/v1/namespaces'));
    expect(back.status, back.text).toBe(200);
    expect(peer.arrived.map((a) => a.url)).toEqual(['/k8s/staging/api/v1/namespaces']);
    expect(reachability.at(-1)).toEqual([true, null]);
  });
});
