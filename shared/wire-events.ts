/**
 * What an event on the wire must look like before a client acts on it. The server is trusted, but
 * not its bugs or a version skew: a renderer that renders `resources` that are not a list of
 * resources would break the whole window, and a CLI that prints half an event would mislead.
 *
 * The schemas are the API's own (api-schemas.ts, one per ApiEvent type, keyed by every type); this
 * adds the wire's answer: the event, or one line saying which field is wrong.
 */
import { API_EVENT_SCHEMAS } from './api-schemas';
import type { ApiEvent } from './api';

export const API_EVENT_TYPES = Object.keys(API_EVENT_SCHEMAS) as readonly ApiEvent['type'][];

function isEventType(type: unknown): type is ApiEvent['type'] {
  return typeof type === 'string' && Object.hasOwn(API_EVENT_SCHEMAS, type);
}

/** The offending type for a message, bounded: it came from the other side. */
function describeType(type: unknown): string {
  if (typeof type !== 'string') return `of kind ${type === null ? 'null' : typeof type}`;
  return JSON.stringify(type.length > 40 ? `${type.slice(0, 40)}…` : type);
}

/**
 * Why a value is not an ApiEvent, in one line naming the field (`resources.0.port: …`), or the
 * event. An unknown type is refused too: a client cannot act on a kind it was not built for.
 */
export function readApiEvent(value: unknown): { event: ApiEvent } | { refused: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { refused: 'event must be an object' };
  const type: unknown = (value as { type?: unknown }).type;
  if (!isEventType(type)) return { refused: `event type ${describeType(type)} is not known` };
  const parsed = API_EVENT_SCHEMAS[type].safeParse(value);
  if (parsed.success) return { event: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? type : `${type} event ${issue.path.join('.')}`;
  return { refused: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** The event, or null when the value is not one (see readApiEvent for why). */
export function parseApiEvent(value: unknown): ApiEvent | null {
  const read = readApiEvent(value);
  return 'event' in read ? read.event : null;
}
