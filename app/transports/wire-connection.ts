// One client of a stream transport of the API (a control-socket connection, a browser-mode
// websocket): parses each message the client sent, dispatches calls, turns on events and answers.
// Clients may send anything (SPEC §9): every message gets a Result or is ignored, nothing a client
// sends can throw out of here, and a rejected handler promise cannot become an unhandled rejection
// (which would end the process).
import type { ApiEvent } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { isWireRefusal, parseClientMessage, type WireServerMessage } from '../../shared/wire';
import { dispatch, type HandlerTable } from '../api/handlers';

export interface WireConnectionOptions {
  table: HandlerTable;
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  /** Writes one message to the client; the transport frames it (a line, a websocket frame). */
  send: (message: WireServerMessage) => void;
}

export class WireConnection {
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private inFlight = 0;
  private onSettled: (() => void) | null = null;

  constructor(private readonly options: WireConnectionOptions) {}

  /** One message as the client sent it. */
  receive(text: string): void {
    if (this.closed) return;
    const message = parseClientMessage(text);
    if (isWireRefusal(message)) {
      this.refuse(`bad message: ${message.refused}`, message.id);
      return;
    }
    if (message.kind === 'subscribe') {
      this.unsubscribe ??= this.options.subscribe((event) => this.send({ kind: 'event', event }));
      return;
    }
    this.inFlight += 1;
    dispatch(this.options.table, message.channel, message.request)
      .catch((err: unknown) => ({ ok: false as const, error: { code: 'internal' as const, message: `internal error: ${messageOf(err)}` } }))
      .then((result) => this.send({ kind: 'answer', id: message.id, result }))
      .finally(() => {
        this.inFlight -= 1;
        if (this.inFlight === 0) this.onSettled?.();
      });
  }

  /** Answers a message that was not one (bad JSON, too long, binary…) with a usage-error Result. */
  refuse(message: string, id = -1): void {
    this.send({ kind: 'answer', id, result: { ok: false, error: { code: 'usage', message } } });
  }

  /** Resolves once every call received so far has been answered (for clients that half-close). */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.onSettled;
      this.onSettled = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** The client is gone: no more events, answers still in flight are dropped. */
  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private send(message: WireServerMessage): void {
    if (this.closed) return;
    try {
      this.options.send(message);
    } catch (err) {
      // A value JSON cannot carry, or a transport that failed under us: the client gets what it can.
      if (message.kind === 'answer') {
        try {
          this.options.send({ kind: 'answer', id: message.id, result: { ok: false, error: { code: 'internal', message: `internal error: ${messageOf(err)}` } } });
        } catch {
          // the transport itself is broken; its close handler cleans up
        }
      }
    }
  }
}
