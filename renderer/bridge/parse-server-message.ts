import type { ApiEvent, ApiResult } from '../../shared/api';
import type { WireServerMessage } from '../../shared/wire';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isResult(value: unknown): value is ApiResult<unknown> {
  if (!isRecord(value)) return false;
  if (value.ok === true) return 'value' in value;
  return value.ok === false && isRecord(value.error) && typeof value.error.message === 'string';
}

/** A server message, or null for anything else (ignored: the server is trusted, but not its bugs). */
export function parseServerMessage(text: string): WireServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (value.kind === 'answer' && typeof value.id === 'number' && isResult(value.result)) {
    return { kind: 'answer', id: value.id, result: value.result };
  }
  if (value.kind === 'event' && isRecord(value.event) && typeof value.event.type === 'string') {
    return { kind: 'event', event: value.event as unknown as ApiEvent };
  }
  return null;
}
