/**
 * GatehouseApi over the browser-mode websocket (shared/wire.ts): each call carries an id and is
 * answered by id; one `subscribe` message per connection turns on events.
 */
import {
  API_VERSION,
  type ApiChannel,
  type ApiEvent,
  type ApiRequest,
  type ApiResponse,
  type ApiResult,
  type GatehouseApi,
} from '../../shared/api';
import type { WireCall, WireSubscribe } from '../../shared/wire';
import { parseServerMessage } from './parse-server-message';
import { ReconnectingSocket } from './reconnecting-socket';

interface PendingCall {
  call: WireCall;
  /** False while the call waits for the socket to open. */
  sent: boolean;
  resolve: (result: ApiResult<unknown>) => void;
}

const SUBSCRIBE: WireSubscribe = { kind: 'subscribe' };

export class SocketApi implements GatehouseApi {
  readonly apiVersion = API_VERSION;
  private readonly socket: ReconnectingSocket;
  private readonly pending = new Map<number, PendingCall>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private nextId = 1;
  private subscribedOnThisSocket = false;

  constructor(url: string, protocols: string[], hasToken: boolean) {
    this.socket = new ReconnectingSocket(url, protocols, hasToken, {
      onOpen: () => this.handleOpen(),
      onMessage: (text) => this.handleMessage(text),
      onClose: () => this.handleClose(),
    });
    this.socket.start();
  }

  invoke<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResult<ApiResponse<C>>> {
    return new Promise((resolve) => {
      const call: WireCall = { kind: 'call', id: this.nextId++, channel, request };
      // The server answers the channel it was asked with the type the contract gives it.
      const entry: PendingCall = { call, sent: false, resolve: (r) => resolve(r as ApiResult<ApiResponse<C>>) };
      this.pending.set(call.id, entry);
      // Calls made while disconnected wait for the next connection; the banner says why it is slow.
      entry.sent = this.socket.send(JSON.stringify(call));
    });
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(listener);
    };
  }

  private ensureSubscribed(): void {
    if (this.subscribedOnThisSocket || this.listeners.size === 0) return;
    this.subscribedOnThisSocket = this.socket.send(JSON.stringify(SUBSCRIBE));
  }

  private handleOpen(): void {
    this.ensureSubscribed();
    for (const entry of this.pending.values()) {
      if (!entry.sent) entry.sent = this.socket.send(JSON.stringify(entry.call));
    }
  }

  private handleMessage(text: string): void {
    const message = parseServerMessage(text);
    if (message === null) return;
    if (message.kind === 'event') {
      for (const listener of this.listeners) listener(message.event);
      return;
    }
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    this.pending.delete(message.id);
    entry.resolve(message.result);
  }

  /** A sent call may or may not have run; say so instead of silently re-sending it (connect is not idempotent in effect). */
  private handleClose(): void {
    this.subscribedOnThisSocket = false;
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.pending.delete(id);
      entry.resolve({
        ok: false,
        error: {
          code: 'failed',
          message: `The connection to Gatehouse dropped before it answered "${entry.call.channel}"; it may or may not have happened.`,
        },
      });
    }
  }
}
