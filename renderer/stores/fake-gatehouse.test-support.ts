// A stand-in `window.gatehouse` — the typed API boundary the renderer talks to — for store tests in
// node. Each call is recorded and waits until the test answers it, so tests decide the order in
// which answers arrive (the races the stores must survive); `emit` pushes an event to subscribers.
import { API_VERSION, type ApiChannel, type ApiError, type ApiEvent, type ApiRequest, type ApiResponse, type ApiResult, type GatehouseApi } from '../../shared/api';

export interface RecordedCall {
  channel: ApiChannel;
  request: unknown;
  answer: (result: ApiResult<unknown>) => void;
}

export class FakeGatehouse implements GatehouseApi {
  apiVersion = API_VERSION;
  /** Calls not answered yet, oldest first. */
  readonly calls: RecordedCall[] = [];
  private readonly history: { channel: ApiChannel; request: unknown }[] = [];
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  invoke<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResult<ApiResponse<C>>> {
    this.history.push({ channel, request });
    return new Promise((resolve) => {
      this.calls.push({ channel, request, answer: (result) => resolve(result as ApiResult<ApiResponse<C>>) });
    });
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Every call made so far (answered or not), as channel and request, oldest first. */
  made(): { channel: ApiChannel; request: unknown }[] {
    return [...this.history];
  }

  /** The oldest unanswered call of `channel` (throws when there is none: the test expected one). */
  take(channel: ApiChannel): RecordedCall {
    const index = this.calls.findIndex((c) => c.channel === channel);
    if (index < 0) throw new Error(`no call of ${channel} is waiting; made: ${this.calls.map((c) => c.channel).join(', ')}`);
    const [found] = this.calls.splice(index, 1);
    return found!;
  }

  /** Answers the oldest waiting call of `channel` with a value, then lets the store settle. */
  async answer<C extends ApiChannel>(channel: C, value: ApiResponse<C>): Promise<void> {
    this.take(channel).answer({ ok: true, value });
    await settled();
  }

  /** Answers the oldest waiting call of `channel` with an error, then lets the store settle. */
  async fail(channel: ApiChannel, code: ApiError['code'], message: string): Promise<void> {
    this.take(channel).answer({ ok: false, error: { code, message } });
    await settled();
  }
}

/** Lets awaited answers run their continuations (no timers involved). */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/**
 * A `window` with the fake as `gatehouse` (plus the timers notices use). Tests install it with
 * vi.stubGlobal('window', fakeWindow(gatehouse)) (this file is not a test: it may not import vitest).
 */
export function fakeWindow(gatehouse: FakeGatehouse): Record<string, unknown> {
  return {
    gatehouse,
    setTimeout: () => 0,
    clearTimeout: () => undefined,
    addEventListener: () => undefined,
    location: { hash: '' },
  };
}

/** Puts zustand stores back to their initial state (they are module singletons shared by tests). */
export function resetStores(...stores: { reset: () => void }[]): void {
  for (const store of stores) store.reset();
}

/** A store as resetStores takes it. */
export function resettable<S>(store: { getInitialState: () => S; setState: (state: S, replace: true) => void }): { reset: () => void } {
  return { reset: () => store.setState(store.getInitialState(), true) };
}
