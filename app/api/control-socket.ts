// The control socket (SPEC §1): the API over a per-user local socket — a unix socket with mode
// 0600 in the app-data dir (a named pipe on Windows) — carrying newline-delimited JSON messages of
// shared/wire.ts. The CLI talks to the agent through it.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import type { ApiEvent } from '../../shared/api';
import { parseClientMessage, type WireServerMessage } from '../../shared/wire';
import { dispatch, type HandlerTable } from './handlers';

export class AnotherAgentError extends Error {}

/** Lines longer than this are refused: a local client has no reason to send megabytes. */
const MAX_LINE = 1024 * 1024;

export interface ControlServer {
  close(): Promise<void>;
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Serves the table on `path`. If an agent already answers there, refuses (one agent per user);
 * a socket file left by a crashed agent is replaced.
 */
export async function serveControlSocket(path: string, table: HandlerTable, subscribe: (listener: (e: ApiEvent) => void) => () => void): Promise<ControlServer> {
  if (process.platform !== 'win32' && existsSync(path)) {
    if (await canConnect(path)) throw new AnotherAgentError(`another Gatehouse agent is already running for this user (socket ${path})`);
    unlinkSync(path);
  }
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    let buffered = '';
    let unsubscribe: (() => void) | null = null;
    const send = (message: WireServerMessage): void => {
      if (socket.writable) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_LINE && !buffered.includes('\n')) {
        socket.destroy();
        return;
      }
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim() === '') continue;
        const message = parseClientMessage(line);
        if (typeof message === 'string') {
          send({ kind: 'answer', id: -1, result: { ok: false, error: { code: 'bad-request', message: `bad message: ${message}` } } });
          continue;
        }
        if (message.kind === 'subscribe') {
          unsubscribe ??= subscribe((event) => send({ kind: 'event', event }));
          continue;
        }
        void dispatch(table, message.channel, message.request).then((result) => send({ kind: 'answer', id: message.id, result }));
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      unsubscribe?.();
      connections.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new AnotherAgentError(`another Gatehouse agent is already running for this user (socket ${path})`) : err),
    );
    // Created with a restrictive umask so no other user can connect even for an instant.
    const umask = process.umask(0o177);
    server.listen(path, () => {
      process.umask(umask);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.destroy();
        server.close(() => resolve());
      }),
  };
}
