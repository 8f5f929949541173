/**
 * The message format of the two stream transports of the API — the control socket (newline-
 * delimited JSON) and the browser-mode websocket (one JSON message per frame). Electron IPC
 * carries the same Request/Result objects natively.
 */
import type { ApiChannel, ApiEvent, ApiResult } from './api';

export { isServerRefusal, parseServerMessage, readServerMessage, type WireServerRefusal } from './wire-server-message';

/**
 * The websocket subprotocol the browser-mode server selects. Browsers cannot set headers on a
 * websocket, so the tab's session travels as a second offered subprotocol, TOKEN_SUBPROTOCOL_PREFIX
 * + token; selecting this one instead means the token is never echoed in a response header.
 */
export const API_SUBPROTOCOL = 'gatehouse.v1';
export const TOKEN_SUBPROTOCOL_PREFIX = 'gatehouse.token.';

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

/** The longest channel name the parser passes on (the longest real one is far shorter). */
const MAX_CHANNEL_LENGTH = 100;

/** Why a client message was refused; `id` is the call's id when it had a usable one. */
export interface WireRefusal {
  refused: string;
  id: number;
}

/**
 * Parses a client message, or says in one line why it is not one. Any text is accepted as input:
 * the transports pass on whatever a client sent, so this never throws.
 */
export function parseClientMessage(text: string): WireClientMessage | WireRefusal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { refused: 'not JSON', id: -1 };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { refused: 'not a JSON object', id: -1 };
  const m = value as Record<string, unknown>;
  if (m.kind === 'subscribe') return { kind: 'subscribe' };
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : -1;
  if (m.kind !== 'call') return { refused: 'kind must be "call" or "subscribe"', id };
  if (id === -1 && m.id !== -1) return { refused: 'id must be an integer', id };
  if (typeof m.channel !== 'string') return { refused: 'channel must be a string', id };
  if (m.channel.length > MAX_CHANNEL_LENGTH) return { refused: `channel must be at most ${MAX_CHANNEL_LENGTH} characters`, id };
  return { kind: 'call', id, channel: m.channel as ApiChannel, request: m.request };
}

export function isWireRefusal(parsed: WireClientMessage | WireRefusal): parsed is WireRefusal {
  return 'refused' in parsed;
}
