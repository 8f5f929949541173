// SocketApi in node with a stand-in WebSocket and window: the tab's session decides whether a socket
// opens at all, and a server that no longer knows the session turns retrying into a refusal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { useBridgeStatus } from './bridge-status';
import { SocketApi, type SocketAccess } from './socket-api';

type Listener = (event: { data?: unknown }) => void;

class FakeSocket {
  static readonly OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Listener[]>();
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.made.push(this);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.readyState = 3;
  }
  fire(type: string, event: { data?: unknown } = {}): void {
    if (type === 'open') this.readyState = FakeSocket.OPEN;
    if (type === 'close') this.readyState = 3;
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

/** Pending window timers by id; a cleared one is removed. */
let timers: Map<number, () => void>;
let nextTimer = 1;

beforeEach(() => {
  FakeSocket.made = [];
  timers = new Map();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('window', {
    addEventListener: () => {},
    setTimeout: (fn: () => void) => {
      timers.set(nextTimer, fn);
      return nextTimer++;
    },
    clearTimeout: (id: number | undefined) => {
      if (id !== undefined) timers.delete(id);
    },
  });
  vi.stubGlobal('document', { addEventListener: () => {}, visibilityState: 'visible' });
  useBridgeStatus.setState({ state: { kind: 'open' }, reconnections: 0 });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function runTimers(): void {
  const due = [...timers.values()];
  timers.clear();
  for (const fn of due) fn();
}

describe('SocketApi', () => {
  it('a refused tab opens no socket; the banner and every call carry the reason', async () => {
    const api = new SocketApi('ws://127.0.0.1:1/api', Promise.resolve<SocketAccess>({ kind: 'refused', message: 'This Gatehouse link was already used' }));
    const early = api.invoke('app.info', undefined);
    await flush();
    expect(FakeSocket.made).toEqual([]);
    expect(useBridgeStatus.getState().state).toEqual({ kind: 'refused', message: 'This Gatehouse link was already used' });
    expect(await early).toEqual({ ok: false, error: { code: 'unavailable', message: 'This Gatehouse link was already used' } });
    expect(await api.invoke('session.get', undefined)).toEqual({ ok: false, error: { code: 'unavailable', message: 'This Gatehouse link was already used' } });
  });

  it('with a session: the socket carries its subprotocols; calls made before it opens are sent on open', async () => {
    const api = new SocketApi('ws://127.0.0.1:1/api', Promise.resolve<SocketAccess>({ kind: 'ready', protocols: ['gatehouse.v1', 'gatehouse.token.tab-1'], checkSession: async () => null }));
    const call = api.invoke('app.info', undefined);
    await flush();
    const socket = FakeSocket.made[0]!;
    expect(socket.protocols).toEqual(['gatehouse.v1', 'gatehouse.token.tab-1']);
    socket.fire('open');
    expect(socket.sent.map((t) => JSON.parse(t) as unknown)).toEqual([{ kind: 'call', id: 1, channel: 'app.info' }]);
    socket.fire('message', { data: JSON.stringify({ kind: 'answer', id: 1, result: { ok: true, value: { mode: 'browser' } } }) });
    expect(await call).toEqual({ ok: true, value: { mode: 'browser' } });
  });

  it('reads frames through the shared parser: a broken answer fails its call, an unreadable event is dropped', async () => {
    const api = new SocketApi('ws://127.0.0.1:1/api', Promise.resolve<SocketAccess>({ kind: 'ready', protocols: ['gatehouse.v1'], checkSession: async () => null }));
    const events: ApiEvent[] = [];
    api.subscribe((event) => events.push(event));
    const call = api.invoke('app.info', undefined);
    await flush();
    const socket = FakeSocket.made[0]!;
    socket.fire('open');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.fire('message', { data: JSON.stringify({ kind: 'event', event: { type: 'resources', resources: [{ name: 'dev' }] } }) });
    socket.fire('message', { data: JSON.stringify({ kind: 'event', event: { type: 'connection-lost', resource: 'dev', reason: 'EOF' } }) });
    socket.fire('message', { data: JSON.stringify({ kind: 'answer', id: 1, result: { ok: true } }) });
    expect(await call).toEqual({ ok: false, error: { code: 'internal', message: 'Gatehouse sent a malformed answer: result.value is missing' } });
    expect(events).toEqual([{ type: 'connection-lost', resource: 'dev', reason: 'EOF' }]);
    expect(warn.mock.calls.map(([text]) => text)).toEqual([
      expect.stringMatching(/^Gatehouse sent a message this window cannot read: resources event resources\.0\.type: /),
      'Gatehouse sent a message this window cannot read: result.value is missing',
    ]);
    warn.mockRestore();
  });

  it('a close while the session is still known retries; once the server no longer knows it, the tab is refused and stops', async () => {
    let known = true;
    new SocketApi(
      'ws://127.0.0.1:1/api',
      Promise.resolve<SocketAccess>({ kind: 'ready', protocols: ['gatehouse.v1'], checkSession: async () => (known ? null : 'This tab belongs to an earlier run') }),
    );
    await flush();
    FakeSocket.made[0]!.fire('close');
    await flush();
    expect(useBridgeStatus.getState().state.kind).toBe('waiting');
    runTimers();
    expect(FakeSocket.made).toHaveLength(2);
    known = false;
    FakeSocket.made[1]!.fire('close');
    await flush();
    expect(useBridgeStatus.getState().state).toEqual({ kind: 'refused', message: 'This tab belongs to an earlier run' });
    // The retry scheduled by that close was cancelled: nothing opens again.
    expect(timers.size).toBe(0);
    runTimers();
    expect(FakeSocket.made).toHaveLength(2);
  });
});
