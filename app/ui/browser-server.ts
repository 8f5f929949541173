// Browser mode (SPEC §8): the renderer served on 127.0.0.1 with the same API over a websocket, for
// machines where Electron cannot run. Like Jupyter, the URL carries a random token; the first page
// load with it sets an HttpOnly, SameSite=Strict session cookie, so reloads work after the page
// removes the token from its address bar. The websocket needs the token (subprotocol
// `gatehouse.token.<token>`) or the cookie, and an Origin of this very server — so other web
// pages can neither load the app nor talk to its API.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseClientMessage, type WireServerMessage } from '../../shared/wire';
import { dispatch, type HandlerTable } from '../api/handlers';
import type { GatehouseCore } from '../core/gatehouse-core';
import { isLoopbackHost } from '../proxy/host-check';
import { tokenMatches } from '../proxy/local-auth';
import { serveStatic } from './static-files';

export const TOKEN_SUBPROTOCOL_PREFIX = 'gatehouse.token.';
export const API_SUBPROTOCOL = 'gatehouse.v1';
const COOKIE = 'gatehouse_session';

export interface BrowserServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export async function startBrowserServer(opts: { core: GatehouseCore; handlers: HandlerTable; rendererDir: string; port?: number }): Promise<BrowserServer> {
  const token = randomBytes(32).toString('base64url');
  const sessionSecret = randomBytes(32).toString('base64url');
  let origin = '';

  const authorised = (req: http.IncomingMessage): boolean => tokenMatches(cookieValue(req.headers.cookie, COOKIE), sessionSecret);

  const server = http.createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Gatehouse answers only to 127.0.0.1 / localhost\n');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const presented = url.searchParams.get('token');
    if (presented !== null) {
      if (!tokenMatches(presented, token)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('wrong token: use the URL `gatehouse ui --browser` printed\n');
        return;
      }
      res.setHeader('set-cookie', `${COOKIE}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`);
    } else if (!authorised(req)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('open the URL with its token, as printed by `gatehouse ui --browser`\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (!serveStatic(opts.rendererDir, url.pathname, res)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const viaToken = offered.some((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX) && tokenMatches(p.slice(TOKEN_SUBPROTOCOL_PREFIX.length), token));
    const ok = new URL(req.url ?? '/', origin).pathname === '/api' && isLoopbackHost(req.headers.host) && req.headers.origin === origin && (viaToken || authorised(req));
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveApi(ws, opts));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1' }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveApi(ws: WebSocket, opts: { core: GatehouseCore; handlers: HandlerTable }): void {
  let unsubscribe: (() => void) | null = null;
  const send = (message: WireServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  ws.on('message', (data) => {
    const message = parseClientMessage(String(data));
    if (typeof message === 'string') {
      send({ kind: 'answer', id: -1, result: { ok: false, error: { code: 'bad-request', message: `bad message: ${message}` } } });
      return;
    }
    if (message.kind === 'subscribe') {
      unsubscribe ??= opts.core.subscribe((event) => send({ kind: 'event', event }));
      return;
    }
    void dispatch(opts.handlers, message.channel, message.request).then((result) => send({ kind: 'answer', id: message.id, result }));
  });
  ws.on('error', () => {});
  ws.on('close', () => unsubscribe?.());
}
