// One guard per client connection (SPEC §9: no request ends the process). Everything Gatehouse
// runs on behalf of a connection — request and upgrade handlers, response and stream listeners,
// the recorder's tap, the request logger — runs through its connection's guard. An exception there
// is a bug of ours, but it must cost that one connection, never the process with every other
// listener in it: the guard answers 500 when the client has not had an answer yet, else closes the
// connection, and reports the fault (without request data, so no secret can reach a log).
import type http from 'node:http';
import type { Duplex } from 'node:stream';

/** How the current exchange can still answer, when it has not started its response. */
export interface PendingAnswer {
  /** Answers with an internal-error Status; returns false when the response has begun. */
  internalError(message: string): boolean;
}

export type FaultReporter = (where: string, err: unknown) => void;

export function faultMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ConnectionGuard {
  private pending: PendingAnswer | null = null;

  constructor(
    private readonly socket: Duplex,
    private readonly report: FaultReporter,
  ) {}

  /** The exchange now in progress on this connection (HTTP/1.1 answers one request at a time). */
  answering(pending: PendingAnswer | null): void {
    this.pending = pending;
  }

  /** A listener that cannot throw into Node's event loop. */
  wrap<A extends unknown[]>(where: string, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      try {
        fn(...args);
      } catch (err) {
        this.fail(where, err);
      }
    };
  }

  /** An async handler whose rejection costs only this connection. */
  watch(where: string, work: Promise<unknown>): void {
    work.catch((err: unknown) => this.fail(where, err));
  }

  /** A fault that the caller has contained itself (e.g. a recording given up): reported only. */
  reportOnly(where: string, err: unknown): void {
    try {
      this.report(where, err);
    } catch {
      // a reporter that throws must not undo the guard
    }
  }

  fail(where: string, err: unknown): void {
    this.reportOnly(where, err);
    const answered = this.pending?.internalError(`gatehouse: internal error (${where}): ${faultMessage(err)}`) ?? false;
    this.pending = null;
    if (!answered) this.socket.destroy();
  }
}

/** The guard of the connection a request arrived on; guards are made when a connection opens. */
export function guardOf(guards: WeakMap<Duplex, ConnectionGuard>, req: http.IncomingMessage, report: FaultReporter): ConnectionGuard {
  const socket = req.socket;
  let guard = guards.get(socket);
  if (!guard) {
    guard = new ConnectionGuard(socket, report);
    guards.set(socket, guard);
  }
  return guard;
}
