/**
 * The renderer's only door to the backend: `window.gatehouse` (the Electron preload, or the
 * browser-mode bridge). Every store goes through here so a transport that throws still yields the
 * one Result shape the UI knows how to show.
 */
import type { ApiChannel, ApiEvent, ApiRequest, ApiResponse, ApiResult } from '../../shared/api';

function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Calls one channel of the API; never rejects. */
export async function call<C extends ApiChannel>(
  channel: C,
  request: ApiRequest<C>,
): Promise<ApiResult<ApiResponse<C>>> {
  try {
    return await window.gatehouse.invoke(channel, request);
  } catch (error) {
    return { ok: false, error: { code: 'unavailable', message: `${channel} failed: ${describeThrown(error)}` } };
  }
}

/**
 * Listens to the backend's state events; returns the unsubscribe function. A bridge that cannot
 * subscribe (e.g. an older preload) leaves the UI working without live updates rather than blank.
 */
export function subscribeToEvents(listener: (event: ApiEvent) => void): () => void {
  try {
    return window.gatehouse.subscribe(listener);
  } catch (error) {
    console.error(`Gatehouse events are unavailable: ${describeThrown(error)}`);
    return () => undefined;
  }
}
