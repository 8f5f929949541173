// The CLI's side of the control socket: calls with Results, and an event stream.
import net from 'node:net';
import type { ApiChannel, ApiEvent, ApiRequest, ApiResponse, ApiResult } from '../../shared/api';
import { isServerRefusal, readServerMessage, type WireClientMessage } from '../../shared/wire';
import { verifyControlEndpoint } from './control-endpoint-owner';

const CLOSED = { ok: false, error: { code: 'unavailable', message: 'the Gatehouse agent closed the connection' } } as const;

export class ControlClient {
  private nextId = 1;
  private buffered = '';
  private readonly pending = new Map<number, (result: ApiResult<unknown>) => void>();
  private readonly listeners = new Set<(e: ApiEvent) => void>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const resolve of this.pending.values()) resolve(CLOSED);
      this.pending.clear();
      for (const listener of this.closeListeners) listener();
    });
  }

  /**
   * Connects, or rejects when no agent listens on the socket, or with UntrustedEndpointError when
   * the socket or pipe is not this user's (control-endpoint-owner.ts).
   */
  static async connect(path: string): Promise<ControlClient> {
    await verifyControlEndpoint(path);
    return new Promise((resolve, reject) => {
      const socket = net.connect(path);
      socket.once('connect', () => resolve(new ControlClient(socket)));
      socket.once('error', reject);
    });
  }

  call<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResult<ApiResponse<C>>> {
    const id = this.nextId++;
    // Nobody would answer: a call after the connection is gone fails at once instead of waiting forever.
    if (this.closed) return Promise.resolve(CLOSED);
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (r: ApiResult<unknown>) => void);
      this.send({ kind: 'call', id, channel, request });
    });
  }

  onEvent(listener: (e: ApiEvent) => void): void {
    if (this.listeners.size === 0) this.send({ kind: 'subscribe' });
    this.listeners.add(listener);
  }

  /** Called once the connection is gone (the agent stopped, or close()): an attached host takes over then. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.add(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private send(message: WireClientMessage): void {
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const message = readServerMessage(line);
      if (isServerRefusal(message)) {
        // A broken answer fails its call; an event this client cannot read is dropped; anything
        // else is not the agent's protocol: give up on this connection (its close handler fails the calls).
        if (message.id !== -1) this.settle(message.id, { ok: false, error: { code: 'internal', message: `the Gatehouse agent sent a malformed answer: ${message.refused}` } });
        else if (!message.event) {
          this.socket.destroy();
          return;
        }
        continue;
      }
      if (message.kind === 'event') for (const l of this.listeners) l(message.event);
      else this.settle(message.id, message.result);
    }
  }

  private settle(id: number, result: ApiResult<unknown>): void {
    this.pending.get(id)?.(result);
    this.pending.delete(id);
  }
}
