/**
 * The message format of the two stream transports of the API — the control socket (newline-
 * delimited JSON) and the browser-mode websocket (one JSON message per frame). Electron IPC
 * carries the same Request/Result objects natively.
 */
import type { ApiChannel, ApiEvent, ApiResult } from './api';

/** Client → server: call a channel. `id` pairs the answer with the call. */
export interface WireCall {
  kind: 'call';
  id: number;
  channel: ApiChannel;
  request: unknown;
}

/** Client → server: start receiving events. */
export interface WireSubscribe {
  kind: 'subscribe';
}

/** Server → client: the answer to a call. */
export interface WireAnswer {
  kind: 'answer';
  id: number;
  result: ApiResult<unknown>;
}

/** Server → client: an event, after `subscribe`. */
export interface WireEvent {
  kind: 'event';
  event: ApiEvent;
}

export type WireClientMessage = WireCall | WireSubscribe;
export type WireServerMessage = WireAnswer | WireEvent;

/** Parses a client message, or says in one line why it is not one. */
export function parseClientMessage(text: string): WireClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'not an object';
  const m = value as Record<string, unknown>;
  if (m.kind === 'subscribe') return { kind: 'subscribe' };
  if (m.kind !== 'call') return 'kind must be "call" or "subscribe"';
  if (typeof m.id !== 'number' || !Number.isInteger(m.id)) return 'id must be an integer';
  if (typeof m.channel !== 'string') return 'channel must be a string';
  return { kind: 'call', id: m.id, channel: m.channel as ApiChannel, request: m.request };
}
