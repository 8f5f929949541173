/**
 * One subscription for the whole renderer: each backend event goes to the store of its area. After a
 * dropped browser-mode connection comes back, what may have been missed is read again.
 */
import type { ApiEvent } from '../../shared/api';
import { useBridgeStatus } from '../bridge/bridge-status';
import { useNotices } from '../stores/notices-store';
import { useRequests } from '../stores/requests-store';
import { useResources } from '../stores/resources-store';
import { useSession } from '../stores/session-store';
import { subscribeToEvents } from './gatehouse';

function route(event: ApiEvent): void {
  switch (event.type) {
    case 'resources':
      useResources.getState().replaceAll(event.resources);
      return;
    case 'session':
      useSession.getState().apply(event.session);
      return;
    case 'request':
      useRequests.getState().add(event.record);
      return;
    case 'connection-lost':
      useNotices.getState().show('danger', `${event.resource} disconnected`, event.reason);
      return;
  }
}

function refreshAfterReconnect(): void {
  void useSession.getState().load();
  if (useSession.getState().phase === 'signed-in') void useResources.getState().load();
  if (useRequests.getState().loaded) void useRequests.getState().load();
}

/** Starts routing; returns the function that stops it. */
export function startEventRouting(): () => void {
  const unsubscribe = subscribeToEvents(route);
  const stopWatchingBridge = useBridgeStatus.subscribe((store, previous) => {
    if (store.reconnections !== previous.reconnections) refreshAfterReconnect();
  });
  return () => {
    unsubscribe();
    stopWatchingBridge();
  };
}
