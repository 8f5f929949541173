// The renderer handles every kind of backend event: the handler table is keyed by every ApiEvent
// type (checked by the compiler below and at run time against the API's event schemas), and each
// event reaches the store of its area through the one subscription.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import { API_EVENT_TYPES } from '../../shared/wire-events';
import { SAMPLE_EVENTS, SAMPLE_RESOURCE } from '../../shared/wire-events.test-support';
import { useBridgeStatus } from '../bridge/bridge-status';
import { FakeGatehouse, fakeWindow, resettable, resetStores } from '../stores/fake-gatehouse.test-support';
import { useNotices } from '../stores/notices-store';
import { useRequests } from '../stores/requests-store';
import { useResources } from '../stores/resources-store';
import { useSession } from '../stores/session-store';
import { useSettings } from '../stores/settings-store';
import { EVENT_HANDLERS, type EventHandlers, routeEvent, startEventRouting } from './event-router';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(
    resettable(useNotices),
    resettable(useRequests),
    resettable(useResources),
    resettable(useSession),
    resettable(useSettings),
    resettable(useBridgeStatus),
  );
});
afterEach(() => vi.unstubAllGlobals());

const noop = (): void => undefined;

describe('event handling is exhaustive', () => {
  it('a handler table missing an event type does not compile (checked by tsc -p renderer)', () => {
    // @ts-expect-error 'connection-lost' has no handler
    const missing: EventHandlers = { resources: noop, session: noop, settings: noop, request: noop };
    const complete: EventHandlers = { ...missing, 'connection-lost': noop, 'session-expired': noop };
    expect(Object.keys(complete)).toHaveLength(API_EVENT_TYPES.length);
  });

  it('every event type the API defines has a handler, and nothing else does', () => {
    expect(Object.keys(EVENT_HANDLERS).sort()).toEqual([...API_EVENT_TYPES].sort());
    expect(SAMPLE_EVENTS.map((e) => e.type).sort()).toEqual([...API_EVENT_TYPES].sort());
  });

  it('an event type this window does not know is dropped with a warning, not thrown', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => routeEvent({ type: 'toString' } as unknown as ApiEvent)).not.toThrow();
    expect(warn).toHaveBeenCalledWith('Gatehouse sent an event this window does not know: toString');
    warn.mockRestore();
  });
});

describe('each event reaches its store', () => {
  it.each(SAMPLE_EVENTS.map((event) => [event.type, event] as const))('%s', (_type, event) => {
    const stop = startEventRouting();
    expect(api.subscribers).toBe(1);
    api.emit(event);
    switch (event.type) {
      case 'resources':
        expect(useResources.getState()).toMatchObject({ resources: event.resources, loaded: true });
        break;
      case 'session':
        expect(useSession.getState()).toMatchObject({ session: event.session, phase: 'signed-in' });
        break;
      case 'settings':
        expect(useSettings.getState().settings).toEqual({ status: 'ready', value: event.settings });
        break;
      case 'request':
        expect(useRequests.getState().records).toEqual([event.record]);
        break;
      case 'connection-lost':
        expect(useNotices.getState().notices).toMatchObject([
          { tone: 'danger', title: 'dev disconnected', detail: 'EOF' },
        ]);
        break;
      case 'session-expired':
        expect(useNotices.getState().notices).toMatchObject([
          { tone: 'warning', title: `Signed out of ${event.gateway}` },
        ]);
        expect(useSession.getState().expiry).toEqual({ gateway: event.gateway, reason: event.reason });
        break;
      default:
        event satisfies never;
    }
    stop();
    expect(api.subscribers).toBe(0);
  });

  it('a settings event shows at once, also while a load runs; the answer arriving after it is newer and lands', async () => {
    const { settings } = SAMPLE_EVENTS.find(
      (e): e is Extract<ApiEvent, { type: 'settings' }> => e.type === 'settings',
    )!;
    void useSettings.getState().load();
    routeEvent({ type: 'settings', settings });
    expect(useSettings.getState().settings).toEqual({ status: 'ready', value: settings });
    await api.answer('settings.get', { ...settings, launchAtLogin: true });
    expect(useSettings.getState().settings).toEqual({ status: 'ready', value: { ...settings, launchAtLogin: true } });
  });
});

describe('after the connection comes back', () => {
  it('reads again what may have been missed: the session always, the rest only where it was shown', () => {
    const stop = startEventRouting();
    useBridgeStatus.setState({ reconnections: 1 });
    expect(api.made().map((c) => c.channel)).toEqual(['session.get']);

    useSession.setState({ phase: 'signed-in' });
    useRequests.setState({ loaded: true });
    useSettings.setState({
      settings: {
        status: 'ready',
        value: SAMPLE_EVENTS.find((e): e is Extract<ApiEvent, { type: 'settings' }> => e.type === 'settings')!.settings,
      },
    });
    useResources.setState({ resources: [SAMPLE_RESOURCE] });
    useBridgeStatus.setState({ reconnections: 2 });
    expect(
      api
        .made()
        .slice(1)
        .map((c) => c.channel),
    ).toEqual(['session.get', 'resources.list', 'activity.requests', 'settings.get']);
    stop();
  });
});
