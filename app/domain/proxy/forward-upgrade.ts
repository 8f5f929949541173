// An admitted upgrade request (websocket or SPDY: exec, attach, cp, port-forward), relayed on a
// connection of its own. The request goes out without a body (body-framing.ts refuses upgrade
// requests that have one); the bytes the client sent after its head belong to the new protocol and
// are only written once the cluster has switched protocols. From then on the two sockets are piped
// both ways — backpressure included — and the session is tapped for the recorder.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { answerStatusRaw } from './answers';
import { noteAuditId } from './exchange';
import { upstreamRequest, type Forward } from './forward-request';
import { pairsFromRaw } from './headers';
import type { SessionRecorder, SessionTap } from './session-recorder';
import { describeUpstreamError } from './upstream-errors';
import { rawResponseHead, relayedResponse } from './upstream-response';
import { FrameBoundaryTracker } from './ws-final-message';

/** An upgraded websocket session speaking a *.channel.k8s.io protocol (exec, attach). */
export interface ChannelSession {
  client: Duplex;
  upstream: Socket;
  protocol: string;
  fromServer: FrameBoundaryTracker;
}

export interface UpgradeForward extends Forward {
  /** Upgrades are HTTP/1.1 only (HTTP/2 has no Upgrade; the listener offers no extended CONNECT). */
  req: http.IncomingMessage;
  socket: Duplex;
  /** Bytes that came after the client's request head. */
  head: Buffer;
  recorder: SessionRecorder | undefined;
  /** Told about exec/attach sessions, so a disconnect can end them with a message. */
  onChannelSession: (session: ChannelSession) => void;
}

export function forwardUpgrade(f: UpgradeForward): void {
  const { socket, ex, guard } = f;
  const upstreamReq = upstreamRequest(f, f.credential.connection);
  upstreamReq.on(
    'upgrade',
    guard.wrap('cluster upgrade', (upstreamRes: http.IncomingMessage, upstreamSocket: Socket, upstreamHead: Buffer) => {
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      if (upstreamRes.statusCode !== 101) {
        answerStatusRaw(socket, ex, 502, `gatehouse: resource "${f.resource}": the cluster switched protocols with status ${String(upstreamRes.statusCode)}`);
        return;
      }
      ex.status = 101;
      ex.answered = true;
      noteAuditId(ex, upstreamRes.headers['audit-id']);
      upstreamSocket.setNoDelay(true);
      upstreamSocket.setTimeout(0);
      socket.write(rawResponseHead(101, upstreamRes.statusMessage, pairsFromRaw(upstreamRes.rawHeaders)));
      relaySession(f, upstreamRes, upstreamSocket, upstreamHead);
    }),
  );
  // The cluster declined to switch protocols (403, 400, …): relay its answer and close. The body is
  // streamed and delimited by the close, so nothing of it is held in memory.
  upstreamReq.on(
    'response',
    guard.wrap('cluster response', (upstreamRes: http.IncomingMessage) => {
      const relay = relayedResponse(upstreamRes, false);
      if (!relay.ok) {
        upstreamRes.destroy();
        answerStatusRaw(socket, ex, 502, `gatehouse: resource "${f.resource}": ${relay.message}`);
        return;
      }
      ex.status = relay.status;
      ex.answered = true;
      noteAuditId(ex, upstreamRes.headers['audit-id']);
      socket.write(rawResponseHead(relay.status, upstreamRes.statusMessage, [...relay.headers, ['Connection', 'close']]));
      upstreamRes.on(
        'data',
        guard.wrap('cluster response body', (c: Buffer) => {
          ex.bytes += c.length;
        }),
      );
      upstreamRes.on('error', () => socket.destroy());
      upstreamRes.on('close', () => {
        if (!upstreamRes.complete) socket.destroy();
      });
      upstreamRes.pipe(socket);
    }),
  );
  upstreamReq.on(
    'error',
    guard.wrap('cluster request', (err: Error & { code?: string }) => {
      if (ex.answered) {
        socket.destroy();
        return;
      }
      const { code, message } = describeUpstreamError(err, f.resource, f.upstream);
      answerStatusRaw(socket, ex, code, message);
    }),
  );
  upstreamReq.end();
}

function relaySession(f: UpgradeForward, upstreamRes: http.IncomingMessage, upstreamSocket: Socket, upstreamHead: Buffer): void {
  const { socket, ex, guard } = f;
  const tap = startTap(f, upstreamRes);
  const protocol = String(upstreamRes.headers['sec-websocket-protocol'] ?? '');
  const session: ChannelSession | null = protocol.endsWith('channel.k8s.io') ? { client: socket, upstream: upstreamSocket, protocol, fromServer: new FrameBoundaryTracker() } : null;
  if (session) f.onChannelSession(session);
  upstreamSocket.on(
    'data',
    guard.wrap('session from cluster', (chunk: Buffer) => {
      ex.bytes += chunk.length;
      session?.fromServer.push(chunk);
      tap?.fromServer(chunk);
    }),
  );
  socket.on(
    'data',
    guard.wrap('session from client', (chunk: Buffer) => {
      ex.bytes += chunk.length;
      tap?.fromClient(chunk);
    }),
  );
  socket.on(
    'close',
    guard.wrap('session end', () => tap?.end()),
  );
  if (upstreamHead.length > 0) {
    ex.bytes += upstreamHead.length;
    session?.fromServer.push(upstreamHead);
    tap?.fromServer(upstreamHead);
    socket.write(upstreamHead);
  }
  if (f.head.length > 0) {
    tap?.fromClient(f.head);
    upstreamSocket.write(f.head);
  }
  socket.pipe(upstreamSocket);
  upstreamSocket.pipe(socket);
}

/** The recorder's tap for this session; a recorder that fails costs the recording, not the session. */
function startTap(f: UpgradeForward, upstreamRes: http.IncomingMessage): SessionTap | undefined {
  let tap: SessionTap | undefined;
  try {
    tap = f.recorder?.start(f.req, upstreamRes, f.ex.identity, f.resource);
  } catch (err) {
    f.guard.reportOnly('recorder', err);
    return undefined;
  }
  if (!tap) return undefined;
  const inner = tap;
  let broken = false;
  const safely = (call: (t: SessionTap) => void): void => {
    if (broken) return;
    try {
      call(inner);
    } catch (err) {
      broken = true;
      f.guard.reportOnly('recorder', err);
    }
  };
  return {
    fromClient: (chunk) => safely((t) => t.fromClient(chunk)),
    fromServer: (chunk) => safely((t) => t.fromServer(chunk)),
    end: () => safely((t) => t.end()),
  };
}
