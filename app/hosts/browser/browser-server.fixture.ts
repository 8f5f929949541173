// Test support for browser mode: a real server in-process over a real core (no cluster: nobody
// signs in), a raw-bytes HTTP client (Node's own client normalises what it sends), and the page's
// side of the link → tab session → websocket flow.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ApiEvent } from '../../../shared/api';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type WireServerMessage } from '../../../shared/wire';
import { createGatehouseApp } from '../../api/create-app';
import type { GatehouseCore } from '../../services/core/gatehouse-core';
import { appPaths } from '../../platform/paths';
import { LINK_HEADER, SESSION_PATH, startBrowserServer, type BrowserServer, type BrowserServerLimits } from './browser-server';

export interface TestBrowserServer {
  server: BrowserServer;
  core: GatehouseCore;
  origin: string;
  /** The token of the printed link. */
  link: string;
  /** Resolves each time the server drops an event subscription (a websocket went away). */
  unsubscribed(): Promise<void>;
}

export async function startTestBrowserServer(limits?: Partial<BrowserServerLimits>): Promise<TestBrowserServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-browser-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const { core, handlers } = createGatehouseApp(appPaths(join(dir, 'home')), { mode: 'browser' });
  let waiting: (() => void)[] = [];
  const subscribe = core.subscribe.bind(core);
  // Wrapped so tests can await the server letting go of a client.
  core.subscribe = (listener: (e: ApiEvent) => void): (() => void) => {
    const stop = subscribe(listener);
    return () => {
      stop();
      const now = waiting;
      waiting = [];
      for (const resolve of now) resolve();
    };
  };
  const server = await startBrowserServer({ core, handlers, rendererDir, limits });
  const url = new URL(server.url);
  return {
    server,
    core,
    origin: url.origin,
    link: url.searchParams.get('token')!,
    unsubscribed: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

/** What the page does with its link: POST /session. */
export async function redeem(t: TestBrowserServer, link: string, origin = t.origin): Promise<{ status: number; body: { session?: string; error?: string }; setCookie: string | null }> {
  const res = await fetch(`${t.origin}${SESSION_PATH}`, { method: 'POST', headers: { [LINK_HEADER]: link, origin } });
  return { status: res.status, body: (await res.json()) as { session?: string; error?: string }, setCookie: res.headers.get('set-cookie') };
}

export async function newSession(t: TestBrowserServer): Promise<string> {
  const link = new URL(t.server.newLink()).searchParams.get('token')!;
  const { body } = await redeem(t, link);
  return body.session!;
}

export function sessionProtocols(session: string): string[] {
  return [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${session}`];
}

/** Opens the API websocket; the HTTP status and body when it is refused. */
export function openApi(t: TestBrowserServer, protocols: string[], headers: Record<string, string> = { origin: t.origin }, options: WebSocket.ClientOptions = {}): Promise<{ ws: WebSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${t.origin.replace('http', 'ws')}/api`, protocols, { headers, ...options });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (err) => reject(err));
  });
}

/** The next message on a websocket, parsed. */
export function nextMessage(ws: WebSocket): Promise<WireServerMessage> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)) as WireServerMessage)));
}

/** A fresh tab (new link, new session) can still call the API: the server is alive and serving. */
export async function stillServes(t: TestBrowserServer): Promise<void> {
  const page = await fetch(`${t.origin}/`);
  if (page.status !== 200) throw new Error(`page load answered ${page.status}`);
  const conn = await openApi(t, sessionProtocols(await newSession(t)));
  if (!('ws' in conn)) throw new Error(`websocket refused with ${conn.status}`);
  const answer = nextMessage(conn.ws);
  conn.ws.send(JSON.stringify({ kind: 'call', id: 1, channel: 'app.info', request: null }));
  const message = await answer;
  conn.ws.close();
  if (message.kind !== 'answer' || !message.result.ok) throw new Error(`app.info answered ${JSON.stringify(message)}`);
}

export interface RawResponse {
  /** The status code, or null when the server closed without answering. */
  status: number | null;
  head: string;
  body: string;
}

/**
 * Writes `bytes` as they are on a fresh TCP connection and reads one response: until its
 * Content-Length is complete, or the server closes.
 */
export function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const parse = (): RawResponse | null => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const head = received.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? NaN);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
      const body = received.subarray(end + 4);
      if (status === 101) return { status, head, body: '' }; // the websocket's bytes follow
      if (Number.isNaN(length) || body.length < length) return null;
      return { status: Number.isNaN(status) ? null : status, head, body: body.subarray(0, length).toString('utf8') };
    };
    const finish = (result: RawResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const complete = parse();
      if (complete) finish(complete);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const text = received.toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const head = end < 0 ? text : text.slice(0, end);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      finish({ status: status === undefined ? null : Number(status), head, body: end < 0 ? '' : text.slice(end + 4) });
    });
    socket.write(bytes);
  });
}
