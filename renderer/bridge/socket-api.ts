/**
 * GatehouseApi over the browser-mode websocket (shared/wire.ts): each call carries an id and is
 * answered by id; one `subscribe` message per connection turns on events. The socket opens once the
 * tab has its session (tab-session.ts); calls made before then wait, and if the tab is refused
 * every call answers with the refusal.
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
import { isServerRefusal, readServerMessage, type WireCall, type WireSubscribe } from '../../shared/wire';
import { useBridgeStatus } from './bridge-status';
import { ReconnectingSocket } from './reconnecting-socket';

/** What the socket needs to open (the subprotocols carrying the tab session), or why it cannot. */
export type SocketAccess =
  | {
      kind: 'ready';
      protocols: string[];
      /** Asked when the socket closes: why the tab is refused for good (the server was restarted), or null. */
      checkSession: () => Promise<string | null>;
    }
  | { kind: 'refused'; message: string };

interface PendingCall {
  call: WireCall;
  /** False while the call waits for the socket to open. */
  sent: boolean;
  resolve: (result: ApiResult<unknown>) => void;
}

const SUBSCRIBE: WireSubscribe = { kind: 'subscribe' };

export class SocketApi implements GatehouseApi {
  readonly apiVersion = API_VERSION;
  private socket: ReconnectingSocket | null = null;
  private refusal: string | null = null;
  private checkSession: (() => Promise<string | null>) | null = null;
  private checking = false;
  private readonly pending = new Map<number, PendingCall>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private nextId = 1;
  private subscribedOnThisSocket = false;

  constructor(url: string, access: Promise<SocketAccess>) {
    useBridgeStatus.setState({ state: { kind: 'connecting' } });
    void access.then((a) => this.begin(url, a));
  }

  private begin(url: string, access: SocketAccess): void {
    if (access.kind === 'refused') {
      this.refuse(access.message);
      return;
    }
    this.checkSession = access.checkSession;
    this.socket = new ReconnectingSocket(url, access.protocols, {
      onOpen: () => this.handleOpen(),
      onMessage: (text) => this.handleMessage(text),
      onClose: () => this.handleClose(),
    });
    this.socket.start();
  }

  /** The tab cannot use Gatehouse (see tab-session.ts); retrying would not help. */
  private refuse(message: string): void {
    this.refusal = message;
    this.socket?.stop();
    useBridgeStatus.setState({ state: { kind: 'refused', message } });
    for (const entry of this.pending.values()) entry.resolve(this.refusedResult());
    this.pending.clear();
  }

  private refusedResult(): ApiResult<never> {
    return { ok: false, error: { code: 'unavailable', message: this.refusal ?? '' } };
  }

  invoke<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResult<ApiResponse<C>>> {
    if (this.refusal !== null) return Promise.resolve(this.refusedResult());
    return new Promise((resolve) => {
      const call: WireCall = { kind: 'call', id: this.nextId++, channel, request };
      // The server answers the channel it was asked with the type the contract gives it.
      const entry: PendingCall = { call, sent: false, resolve: (r) => resolve(r as ApiResult<ApiResponse<C>>) };
      this.pending.set(call.id, entry);
      // Calls made while disconnected wait for the next connection; the banner says why it is slow.
      entry.sent = this.send(call);
    });
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    this.ensureSubscribed();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends now if the socket is open; false otherwise (the message waits for the next open). */
  private send(message: WireCall | WireSubscribe): boolean {
    return this.socket?.send(JSON.stringify(message)) ?? false;
  }

  private ensureSubscribed(): void {
    if (this.subscribedOnThisSocket || this.listeners.size === 0) return;
    this.subscribedOnThisSocket = this.send(SUBSCRIBE);
  }

  private handleOpen(): void {
    this.ensureSubscribed();
    for (const entry of this.pending.values()) {
      if (!entry.sent) entry.sent = this.send(entry.call);
    }
  }

  /**
   * A message the shared parser refuses is dropped — except a broken answer with a usable id, which
   * fails its call rather than leaving the screen waiting for an answer that already came.
   */
  private handleMessage(text: string): void {
    const message = readServerMessage(text);
    if (isServerRefusal(message)) {
      console.warn(`Gatehouse sent a message this window cannot read: ${message.refused}`);
      if (message.id !== -1) {
        this.answer(message.id, { ok: false, error: { code: 'internal', message: `Gatehouse sent a malformed answer: ${message.refused}` } });
      }
      return;
    }
    if (message.kind === 'event') {
      for (const listener of this.listeners) listener(message.event);
      return;
    }
    this.answer(message.id, message.result);
  }

  private answer(id: number, result: ApiResult<unknown>): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    this.pending.delete(id);
    entry.resolve(result);
  }

  /** A sent call may or may not have run; say so instead of silently re-sending it (connect is not idempotent in effect). */
  private handleClose(): void {
    this.subscribedOnThisSocket = false;
    // A restarted server refuses this tab's session for good: say so instead of retrying forever.
    if (this.checkSession !== null && !this.checking) {
      this.checking = true;
      void this.checkSession().then((message) => {
        this.checking = false;
        if (message !== null && this.refusal === null) this.refuse(message);
      });
    }
    for (const [id, entry] of this.pending) {
      if (!entry.sent) continue;
      this.pending.delete(id);
      entry.resolve({
        ok: false,
        error: {
          code: 'unavailable',
          message: `The connection to Gatehouse dropped before it answered "${entry.call.channel}"; it may or may not have happened.`,
        },
      });
    }
  }
}
