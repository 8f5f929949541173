/**
 * One subscription for the whole renderer: each backend event goes to the store of its area. After a
 * dropped browser-mode connection comes back, what may have been missed is read again.
 *
 * The handlers are a table keyed by every ApiEvent type: an event kind added to shared/api.ts
 * without a handler here does not compile (and events.test.ts checks the table at run time too).
 */
import type { ApiEvent } from '../../shared/api';
import { useBridgeStatus } from '../bridge/bridge-status';
import { useNotices } from '../stores/notices-store';
import { useRequests } from '../stores/requests-store';
import { useResources } from '../stores/resources-store';
import { useSession } from '../stores/session-store';
import { useSettings } from '../stores/settings-store';
import { subscribeToEvents } from './gatehouse';

type EventOf<T extends ApiEvent['type']> = Extract<ApiEvent, { type: T }>;

/** What the renderer does with each kind of event. */
export type EventHandlers = { readonly [T in ApiEvent['type']]: (event: EventOf<T>) => void };

export const EVENT_HANDLERS: EventHandlers = {
  resources: (event) => useResources.getState().replaceAll(event.resources),
  session: (event) => useSession.getState().apply(event.session),
  settings: (event) => useSettings.getState().apply(event.settings),
  request: (event) => useRequests.getState().add(event.record),
  'connection-lost': (event) => useNotices.getState().show('danger', `${event.resource} disconnected`, event.reason),
  'session-expired': (event) => {
    // The banner (with "Sign in again") stays until a session says signed in; the notice tells it now.
    useSession.getState().noteExpired({ gateway: event.gateway, reason: event.reason });
    useNotices
      .getState()
      .show('warning', `Signed out of ${event.gateway}`, `${event.reason} Sign in again to keep using your resources.`);
  },
};

/**
 * Hands an event to its handler. Browser mode's bridge already refused events that do not match
 * the API's schemas (shared/wire-events.ts); Electron's come from main, built from the same
 * sources. A type without a handler can still arrive only from a mismatched backend: dropped.
 */
export function routeEvent(event: ApiEvent, handlers: EventHandlers = EVENT_HANDLERS): void {
  const type: string = event.type;
  if (!Object.hasOwn(handlers, type)) {
    console.warn(`Gatehouse sent an event this window does not know: ${type.slice(0, 40)}`);
    return;
  }
  // A table lookup loses the pairing of type and payload for the compiler; the key is the type.
  const handle = handlers[event.type] as (event: ApiEvent) => void;
  handle(event);
}

function refreshAfterReconnect(): void {
  void useSession.getState().load();
  if (useSession.getState().phase === 'signed-in') void useResources.getState().load();
  if (useRequests.getState().loaded) void useRequests.getState().load();
  if (useSettings.getState().settings.status !== 'idle') void useSettings.getState().load();
}

/** Starts routing; returns the function that stops it. */
export function startEventRouting(): () => void {
  const unsubscribe = subscribeToEvents((event) => routeEvent(event));
  const stopWatchingBridge = useBridgeStatus.subscribe((store, previous) => {
    if (store.reconnections !== previous.reconnections) refreshAfterReconnect();
  });
  return () => {
    unsubscribe();
    stopWatchingBridge();
  };
}
