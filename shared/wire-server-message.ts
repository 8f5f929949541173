/**
 * The client side of the wire (shared/wire.ts): reads what the server sent — a line of the control
 * socket or a frame of the browser-mode websocket. The renderer's socket bridge and the CLI's
 * control client both read through here, so they accept exactly the same messages.
 */
import type { ApiError, ApiResult } from './api';
import type { WireServerMessage } from './wire';
import { readApiEvent } from './wire-events';

/**
 * Why a server message was refused. `id` is the answer's id when it had a usable one (-1 otherwise)
 * so the caller can fail that call instead of leaving it waiting; `event` says it was an event,
 * which a client may drop (it re-reads state anyway) where a broken answer means a broken peer.
 */
export interface WireServerRefusal {
  refused: string;
  id: number;
  event: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The envelope only: an answer's value is the channel's response, which its caller reads. The error
 * code is checked to be text, not one of ours: a newer server's new code still shows its message.
 */
function readResult(value: unknown): ApiResult<unknown> | string {
  if (!isRecord(value)) return 'result must be an object';
  if (value.ok === true) return 'value' in value ? { ok: true, value: value.value } : 'result.value is missing';
  if (value.ok !== false) return 'result.ok must be true or false';
  const error = value.error;
  if (!isRecord(error)) return 'result.error must be an object';
  if (typeof error.code !== 'string') return 'result.error.code must be a string';
  if (typeof error.message !== 'string') return 'result.error.message must be a string';
  return { ok: false, error: { code: error.code as ApiError['code'], message: error.message } };
}

/** A server message, or why it is not one. Any text is accepted as input: this never throws. */
export function readServerMessage(text: string): WireServerMessage | WireServerRefusal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { refused: 'not JSON', id: -1, event: false };
  }
  if (!isRecord(value)) return { refused: 'not a JSON object', id: -1, event: false };
  if (value.kind === 'answer') {
    if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) {
      return { refused: 'answer id must be an integer', id: -1, event: false };
    }
    const result = readResult(value.result);
    return typeof result === 'string' ? { refused: result, id: value.id, event: false } : { kind: 'answer', id: value.id, result };
  }
  if (value.kind === 'event') {
    const read = readApiEvent(value.event);
    return 'event' in read ? { kind: 'event', event: read.event } : { refused: read.refused, id: -1, event: true };
  }
  return { refused: 'kind must be "answer" or "event"', id: -1, event: false };
}

export function isServerRefusal(read: WireServerMessage | WireServerRefusal): read is WireServerRefusal {
  return 'refused' in read;
}

/** The message, or null for anything readServerMessage refuses (for callers that only drop them). */
export function parseServerMessage(text: string): WireServerMessage | null {
  const read = readServerMessage(text);
  return isServerRefusal(read) ? null : read;
}
