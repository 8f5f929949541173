/**
 * One websocket that keeps coming back: on every close it waits (backoff) and opens a new one,
 * publishing its state to the bridge-status store for the banner.
 */
import { reconnectDelayMs } from './backoff';
import { useBridgeStatus } from './bridge-status';

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** The socket closed; anything sent on it and not answered is lost. */
  onClose(): void;
}

export class ReconnectingSocket {
  private readonly url: string;
  private readonly protocols: string[];
  private readonly handlers: SocketHandlers;
  private socket: WebSocket | null = null;
  private failedAttempts = 0;
  private everConnected = false;
  private retryTimer: number | undefined;
  private stopped = false;

  constructor(url: string, protocols: string[], handlers: SocketHandlers) {
    this.url = url;
    this.protocols = protocols;
    this.handlers = handlers;
  }

  start(): void {
    useBridgeStatus.setState({ retryNow: () => this.retryNow() });
    // Coming back online or to the tab is the moment a dropped connection is most likely to work.
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.retryNow();
    });
    this.open();
  }

  /** Sends now if the socket is open; false otherwise (the caller queues). */
  send(text: string): boolean {
    if (this.socket === null || this.socket.readyState !== WebSocket.OPEN) return false;
    this.socket.send(text);
    return true;
  }

  /** No more attempts (the tab was refused for good); the socket, if any, is closed. */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.socket?.close();
    this.socket = null;
  }

  private retryNow(): void {
    if (this.stopped || this.retryTimer === undefined) return; // stopped, open or already trying
    window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.open();
  }

  private open(): void {
    if (this.stopped) return;
    const socket = new WebSocket(this.url, this.protocols);
    this.socket = socket;
    socket.addEventListener('open', () => {
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.failedAttempts = 0;
      useBridgeStatus.setState((store) => ({
        state: { kind: 'open' },
        reconnections: reconnected ? store.reconnections + 1 : store.reconnections,
      }));
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data === 'string') this.handlers.onMessage(event.data);
    });
    // 'error' is always followed by 'close'; the close handler does the work once.
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.onClose();
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = reconnectDelayMs(this.failedAttempts);
    this.failedAttempts += 1;
    useBridgeStatus.setState({
      state: {
        kind: 'waiting',
        retryAt: Date.now() + delay,
        attempt: this.failedAttempts,
        everConnected: this.everConnected,
      },
    });
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = undefined;
      this.open();
    }, delay);
  }
}
