// Browser mode (SPEC §8): the renderer served on 127.0.0.1 with the same API over a websocket, for
// machines where Electron cannot run.
//
// Who may use the API (SPEC §8, §9). Cookies are not used at all: they do not separate ports, so
// any other server on 127.0.0.1 the person's browser visits would receive one, and with a forged
// Origin a non-browser client would then hold the whole API.
//  1. `gatehouse ui --browser` prints `http://127.0.0.1:PORT/?token=<link token>`. The link token
//     works once (like Jupyter's, but spent on first use).
//  2. The page (index.html and its scripts are the public build output, served without any token)
//     reads the link token from its address bar and redeems it: `POST /session` with the header
//     `X-Gatehouse-Link: <token>` and this server's Origin. The server marks the link used and
//     answers `{"session": "<tab token>"}` (no-store). Redeeming from script, not on the page load,
//     means a link preview or prefetch of the URL does not spend it.
//  3. The page keeps the tab token in sessionStorage (this tab only; a reload keeps working) and
//     removes the link from the address bar. It presents the tab token as the websocket
//     subprotocol `gatehouse.token.<token>` next to `gatehouse.v1`, which the server selects (so
//     the token is never echoed in a response header).
//  4. The websocket at /api needs a loopback Host (DNS rebinding), this server's exact Origin (other
//     web pages) and a tab token (everyone else). A second use of the printed link — a page load
//     with it, or a second redemption — is refused with 410 and how to get a new link; an unknown
//     link with 401. A tab whose websocket is refused asks `GET /session` (header
//     `X-Gatehouse-Session`) whether its session is still known, to tell "restarted: open the new
//     link" from "not reachable".
//
// Bounds (SPEC §9): header read timeout, request timeout for plain requests (not for the websocket,
// which has no idle timeout once admitted), header size, connections at once, websocket message
// size, and unread output per websocket. Only origin-form targets are served; no handler exception
// leaves its connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ApiEvent } from '../../../shared/api';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../../shared/wire';
import type { HandlerTable } from '../../api/handlers';
import { WireConnection } from '../../transports/wire-connection';
import { forRenderers } from '../../api/handlers';
import type { GatehouseCore } from '../../services/core/gatehouse-core';
import { isLoopbackHost } from '../../domain/proxy/host-check';
import { BrowserAccess, LINK_UNKNOWN_MESSAGE, LINK_USED_MESSAGE } from './browser-access';
import { parseRequestTarget } from './request-target';
import { serveStatic } from './static-files';

/** The page redeems its link here (POST), with the link token in LINK_HEADER. */
export const SESSION_PATH = '/session';
export const LINK_HEADER = 'x-gatehouse-link';
/** GET /session with the tab session in this header: is it still known? */
export const SESSION_HEADER = 'x-gatehouse-session';

export interface BrowserServerLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole plain request (upgrades are exempt once admitted). */
  requestTimeoutMs: number;
  /** How often Node looks for requests past those timeouts. */
  timeoutCheckIntervalMs: number;
  maxHeaderBytes: number;
  /** Connections at once, websockets included; more are closed at once. */
  maxConnections: number;
  /** Largest websocket message accepted (larger: close 1009). */
  maxMessageBytes: number;
  /** Output a websocket client has not read yet; past this it is not reading and is dropped. */
  maxUnreadBytes: number;
}

export const BROWSER_SERVER_LIMITS: BrowserServerLimits = {
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  timeoutCheckIntervalMs: 5_000,
  maxHeaderBytes: 16 * 1024,
  // A browser opens about six connections per host, plus one websocket per tab.
  maxConnections: 64,
  maxMessageBytes: 1024 * 1024,
  // Above the largest legitimate answer (a recording), which is written in one piece anyway.
  maxUnreadBytes: 64 * 1024 * 1024,
};

export interface BrowserServer {
  /** The printed link, with a one-time token. */
  url: string;
  port: number;
  /** A further one-time link to the same server. */
  newLink(): string;
  close(): Promise<void>;
}

interface ServeOptions {
  /** Only its event stream: a host attached to another one has no core of its own (app/hosts). */
  core: Pick<GatehouseCore, 'subscribe'>;
  handlers: HandlerTable;
  rendererDir: string;
  port?: number;
  limits?: Partial<BrowserServerLimits>;
}

const PLAIN = {
  'content-type': 'text/plain; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

function answer(res: http.ServerResponse, status: number, text: string): void {
  const body = `${text}\n`;
  res.writeHead(status, { ...PLAIN, 'content-length': Buffer.byteLength(body) }).end(body);
}

function answerJson(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-length': Buffer.byteLength(body),
    })
    .end(body);
}

/** The refusal of an upgrade as raw bytes: the socket is not an http.ServerResponse any more. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startBrowserServer(opts: ServeOptions): Promise<BrowserServer> {
  const limits: BrowserServerLimits = { ...BROWSER_SERVER_LIMITS, ...opts.limits };
  const access = new BrowserAccess();
  let origin = '';

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!isLoopbackHost(req.headers.host)) return answer(res, 403, 'Gatehouse answers only to 127.0.0.1 / localhost');
    const target = parseRequestTarget(req.url);
    if (typeof target === 'string') return answer(res, 400, target);
    // A page load with the printed link: refused once the link is spent, so the second tab says why.
    const link = target.searchParams.get('token');
    if (link !== null) {
      const state = access.linkState(link);
      if (state === 'used') return answer(res, 410, LINK_USED_MESSAGE);
      if (state === 'unknown') return answer(res, 401, LINK_UNKNOWN_MESSAGE);
    }
    if (target.pathname === SESSION_PATH) {
      // A tab whose websocket is refused asks whether its session is still known (the server may
      // have been restarted on the same port): 204 or 401, nothing else is told.
      if (req.method === 'GET') {
        if (!access.isSession(String(req.headers[SESSION_HEADER] ?? '')))
          return answer(res, 401, 'this tab session is not known here');
        res.writeHead(204, { 'cache-control': 'no-store' }).end();
        return;
      }
      if (req.method !== 'POST')
        return answer(res, 405, `${SESSION_PATH} takes POST (redeem a link) or GET (check a session)`);
      if (req.headers.origin !== origin)
        return answer(res, 403, 'wrong Origin: the link is redeemed by the Gatehouse page itself');
      const presented = req.headers[LINK_HEADER];
      if (typeof presented !== 'string' || presented === '') return answer(res, 400, `${LINK_HEADER} header missing`);
      const redemption = access.redeem(presented);
      if (redemption.ok) return answerJson(res, 200, { session: redemption.session });
      return answerJson(res, redemption.state === 'used' ? 410 : 401, { error: redemption.message });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'only GET and HEAD');
    if (!serveStatic(opts.rendererDir, target.pathname, res)) answer(res, 404, 'not found');
  };

  const server = http.createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
    },
    (req, res) => {
      try {
        handleRequest(req, res);
      } catch {
        // Nothing above should throw; if it does, this request fails and the server goes on.
        if (!res.headersSent) answer(res, 500, 'internal error');
        else res.destroy();
      }
    },
  );
  server.maxConnections = limits.maxConnections;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    handleProtocols: (protocols) => (protocols.has(API_SUBPROTOCOL) ? API_SUBPROTOCOL : false),
  });

  /** Why this upgrade may not have the API, or null. Cookies are never looked at. */
  const upgradeRefusal = (req: http.IncomingMessage): [number, string] | null => {
    if (!isLoopbackHost(req.headers.host)) return [403, 'Gatehouse answers only to 127.0.0.1 / localhost'];
    const target = parseRequestTarget(req.url);
    if (typeof target === 'string') return [400, target];
    if (target.pathname !== '/api') return [404, 'the API is at /api'];
    if (req.headers.origin !== origin) return [403, 'wrong Origin'];
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const session =
      offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length) ?? null;
    if (!access.isSession(session))
      return [403, 'no valid tab session: open the link `gatehouse ui --browser` printed'];
    return null;
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    try {
      const refusal = upgradeRefusal(req);
      if (refusal !== null) {
        refuseUpgrade(socket, ...refusal);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => serveApi(ws, opts.handlers, (l) => opts.core.subscribe(l), limits));
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: '127.0.0.1' }, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  const newLink = (): string => `${origin}/?token=${access.newLink()}`;
  return {
    url: newLink(),
    port,
    newLink,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

/** One tab's API connection: one JSON message per text frame (shared/wire.ts). */
function serveApi(
  ws: WebSocket,
  table: HandlerTable,
  subscribe: (listener: (e: ApiEvent) => void) => () => void,
  limits: BrowserServerLimits,
): void {
  const connection = new WireConnection({
    // A tab is a renderer: the person's ID token (gateway.credential) is for the CLI only.
    table: forRenderers(table),
    subscribe,
    send: (message) => {
      if (ws.readyState !== ws.OPEN) return;
      // Checked before sending, so one large answer always goes out to a client that reads.
      if (ws.bufferedAmount > limits.maxUnreadBytes) {
        ws.terminate();
        return;
      }
      ws.send(JSON.stringify(message));
    },
  });
  ws.on('message', (data, isBinary) => {
    try {
      if (isBinary) connection.refuse('bad message: binary frame (messages are JSON text)');
      else connection.receive(frameText(data));
    } catch {
      ws.terminate();
    }
  });
  ws.on('error', () => {});
  ws.on('close', () => connection.close());
}
