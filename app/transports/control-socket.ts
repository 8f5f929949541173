// The control socket (SPEC §1): the API over a per-user local socket — a unix socket with mode
// 0600 in the app-data dir (a named pipe on Windows) — carrying newline-delimited JSON messages of
// shared/wire.ts. The CLI talks to the agent through it.
import { GatehouseError } from '../../shared/errors';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import type { ApiEvent } from '../../shared/api';
import type { HandlerTable } from '../api/handlers';
import { WireConnection } from './wire-connection';

/** Kind `refused`: one host per user holds the connections (SPEC §7: exit 3). */
export class AnotherAgentError extends GatehouseError {
  constructor(message: string) {
    super('refused', message);
  }
}

/**
 * Bounds of one control-socket connection (SPEC §9). Only this user can connect (0600), but a
 * buggy or hostile local program still must not take the agent down or eat its memory.
 */
export interface ControlSocketLimits {
  /** Longest line accepted; longer ones are answered with an error and the connection closed. */
  maxLineChars: number;
  /** Answers and events the client has not read yet; past this it is not reading and is dropped. */
  maxUnreadBytes: number;
  /** Connections at once; more are closed at once. */
  maxConnections: number;
}

export const CONTROL_SOCKET_LIMITS: ControlSocketLimits = {
  // A local client has no reason to send megabytes in one message.
  maxLineChars: 1024 * 1024,
  // Above the largest legitimate answer (a recording), which is written in one piece anyway.
  maxUnreadBytes: 64 * 1024 * 1024,
  maxConnections: 64,
};

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
 * One client: newline-delimited JSON in, one line per answer or event out. A client that
 * half-closes (`printf '{…}\n' | nc -U`) still gets the answers to what it sent before its end.
 */
function serveConnection(socket: net.Socket, table: HandlerTable, subscribe: (listener: (e: ApiEvent) => void) => () => void, limits: ControlSocketLimits): void {
  let buffered = '';
  let done = false;
  const connection = new WireConnection({
    table,
    subscribe,
    send: (message) => {
      if (!socket.writable) return;
      // Checked before writing, so one large answer always goes out to a client that reads.
      if (socket.writableLength > limits.maxUnreadBytes) {
        socket.destroy();
        return;
      }
      socket.write(`${JSON.stringify(message)}\n`);
    },
  });
  /** No more input: answer what was asked, then end. A refused client is not heard out (it is dropped once the answer is flushed). */
  const finish = (refused: boolean): void => {
    done = true;
    buffered = '';
    if (refused) socket.pause();
    void connection.settled().then(() => socket.end(refused ? () => socket.destroy() : undefined));
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (done) return;
    try {
      buffered += chunk;
      let nl: number;
      while (!done && (nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.length > limits.maxLineChars) {
          connection.refuse(`bad message: a line longer than ${limits.maxLineChars} characters; closing`);
          finish(true);
        } else if (line.trim() !== '') {
          connection.receive(line);
        }
      }
      if (!done && buffered.length > limits.maxLineChars) {
        connection.refuse(`bad message: more than ${limits.maxLineChars} characters without a newline; closing`);
        finish(true);
      }
    } catch {
      // Nothing above should throw; if it does, this connection ends and the agent goes on.
      socket.destroy();
    }
  });
  socket.on('end', () => {
    if (done) return;
    // The last line may come without its newline (`printf '{…}' | nc -U`).
    if (buffered.trim() !== '') connection.receive(buffered);
    finish(false);
  });
  socket.on('error', () => {});
  socket.on('close', () => connection.close());
}

/**
 * Serves the table on `path`. If an agent already answers there, refuses (one agent per user);
 * a socket file left by a crashed agent is replaced.
 */
export async function serveControlSocket(
  path: string,
  table: HandlerTable,
  subscribe: (listener: (e: ApiEvent) => void) => () => void,
  limits: ControlSocketLimits = CONTROL_SOCKET_LIMITS,
): Promise<ControlServer> {
  if (process.platform !== 'win32' && existsSync(path)) {
    if (await canConnect(path)) throw new AnotherAgentError(`another Gatehouse agent is already running for this user (socket ${path})`);
    unlinkSync(path);
  }
  const connections = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    serveConnection(socket, table, subscribe, limits);
  });
  server.maxConnections = limits.maxConnections;
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
