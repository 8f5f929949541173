// The server-message parser sees whatever arrived on a socket line or websocket frame: it never
// throws, lets through exactly well-formed answers and events, and says why it refused the rest.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from './api';
import { ERROR_KIND_NAMES } from './errors';
import { isServerRefusal, parseServerMessage, readServerMessage, type WireServerMessage, type WireServerRefusal } from './wire';
import { apiEventArbitrary, SAMPLE_EVENTS } from './wire-events.test-support';

describe('readServerMessage', () => {
  it.each<[string, WireServerMessage]>([
    ['a successful answer', { kind: 'answer', id: 7, result: { ok: true, value: { version: '1.0' } } }],
    ['a successful answer with a null value', { kind: 'answer', id: 0, result: { ok: true, value: null } }],
    ['a failed answer', { kind: 'answer', id: 8, result: { ok: false, error: { code: 'not-signed-in', message: 'sign in first' } } }],
    ...SAMPLE_EVENTS.map((event): [string, WireServerMessage] => [`a ${event.type} event`, { kind: 'event', event }]),
  ])('reads %s', (_name, message) => {
    expect(readServerMessage(JSON.stringify(message))).toEqual(message);
  });

  it('drops unknown fields, at the top level, in the error and in events', () => {
    expect(parseServerMessage(JSON.stringify({ kind: 'answer', id: 1, result: { ok: true, value: 2 }, extra: true }))).toEqual({ kind: 'answer', id: 1, result: { ok: true, value: 2 } });
    expect(parseServerMessage(JSON.stringify({ kind: 'answer', id: 1, result: { ok: false, error: { code: 'failed', message: 'm', stack: 'at x' } } }))).toEqual({
      kind: 'answer',
      id: 1,
      result: { ok: false, error: { code: 'failed', message: 'm' } },
    });
    expect(parseServerMessage(JSON.stringify({ kind: 'event', event: { type: 'connection-lost', resource: 'dev', reason: 'EOF', secret: 's' } }))).toEqual({
      kind: 'event',
      event: { type: 'connection-lost', resource: 'dev', reason: 'EOF' },
    });
  });

  it.each<[string, string, WireServerRefusal]>([
    ['not JSON', '{"kind": "answer"', { refused: 'not JSON', id: -1, event: false }],
    ['empty', '', { refused: 'not JSON', id: -1, event: false }],
    ['JSON null', 'null', { refused: 'not a JSON object', id: -1, event: false }],
    ['a number', '42', { refused: 'not a JSON object', id: -1, event: false }],
    ['a string', '"answer"', { refused: 'not a JSON object', id: -1, event: false }],
    ['an array', '[{"kind": "event"}]', { refused: 'not a JSON object', id: -1, event: false }],
    ['no kind', '{"id": 1, "result": {"ok": true, "value": 1}}', { refused: 'kind must be "answer" or "event"', id: -1, event: false }],
    ['a client kind', '{"kind": "call", "id": 1, "channel": "x", "request": {}}', { refused: 'kind must be "answer" or "event"', id: -1, event: false }],
    ['an answer without id', '{"kind": "answer", "result": {"ok": true, "value": 1}}', { refused: 'answer id must be an integer', id: -1, event: false }],
    ['an answer with a text id', '{"kind": "answer", "id": "1", "result": {"ok": true, "value": 1}}', { refused: 'answer id must be an integer', id: -1, event: false }],
    ['an answer with a fractional id', '{"kind": "answer", "id": 1.5, "result": {"ok": true, "value": 1}}', { refused: 'answer id must be an integer', id: -1, event: false }],
    ['an answer with an unsafe id', '{"kind": "answer", "id": 9007199254740993, "result": {"ok": true, "value": 1}}', { refused: 'answer id must be an integer', id: -1, event: false }],
    ['an answer without result', '{"kind": "answer", "id": 1}', { refused: 'result must be an object', id: 1, event: false }],
    ['an ok result without value', '{"kind": "answer", "id": 2, "result": {"ok": true}}', { refused: 'result.value is missing', id: 2, event: false }],
    ['ok is not a boolean', '{"kind": "answer", "id": 3, "result": {"ok": "true", "value": 1}}', { refused: 'result.ok must be true or false', id: 3, event: false }],
    ['an error without message', '{"kind": "answer", "id": 4, "result": {"ok": false, "error": {"code": "failed"}}}', { refused: 'result.error.message must be a string', id: 4, event: false }],
    ['an error without code', '{"kind": "answer", "id": 5, "result": {"ok": false, "error": {"message": "m"}}}', { refused: 'result.error.code must be a string', id: 5, event: false }],
    ['an error that is text', '{"kind": "answer", "id": 6, "result": {"ok": false, "error": "boom"}}', { refused: 'result.error must be an object', id: 6, event: false }],
    ['an event without event', '{"kind": "event"}', { refused: 'event must be an object', id: -1, event: true }],
    ['an event without type', '{"kind": "event", "event": {"resources": []}}', { refused: 'event type of kind undefined is not known', id: -1, event: true }],
    ['an event whose type is not text', '{"kind": "event", "event": {"type": 1}}', { refused: 'event type of kind number is not known', id: -1, event: true }],
    ['an event of an unknown type', '{"kind": "event", "event": {"type": "toString"}}', { refused: 'event type "toString" is not known', id: -1, event: true }],
    ['resources that are not a list', '{"kind": "event", "event": {"type": "resources", "resources": {}}}', { refused: 'resources event resources: Invalid input: expected array, received object', id: -1, event: true }],
  ])('refuses %s, saying why', (_name, text, refusal) => {
    expect(readServerMessage(text)).toEqual(refusal);
    expect(parseServerMessage(text)).toBeNull();
  });

  it('names the field of a wrong event payload, however deep', () => {
    const event = { ...SAMPLE_EVENTS.find((e) => e.type === 'resources') } as Record<string, unknown>;
    const [first] = (event as Extract<ApiEvent, { type: 'resources' }>).resources;
    event.resources = [first, { ...first, port: 'eighty' }];
    expect(readServerMessage(JSON.stringify({ kind: 'event', event }))).toMatchObject({ refused: expect.stringMatching(/^resources event resources\.1\.port: /), event: true });
    const session = { type: 'session', session: { orgFile: null, user: 'a@x', identity: { email: 'a@x' }, error: null } };
    expect(readServerMessage(JSON.stringify({ kind: 'event', event: session }))).toMatchObject({ refused: expect.stringMatching(/^session event session\.identity\.name: /) });
  });

  it('bounds what it repeats of an unknown type', () => {
    const refusal = readServerMessage(JSON.stringify({ kind: 'event', event: { type: 'x'.repeat(10_000) } }));
    expect(isServerRefusal(refusal) && refusal.refused.length).toBeLessThan(80);
  });

  it('any text: never throws; what passes is exactly an answer with an integer id or a known event', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.record({ kind: fc.constantFrom('answer', 'event', 'call'), id: fc.anything(), result: fc.anything(), event: fc.anything() }).map((v) => JSON.stringify(v) ?? ''),
      fc.record({ kind: fc.constant('event'), event: fc.record({ type: fc.constantFrom(...SAMPLE_EVENTS.map((e) => e.type)), resources: fc.anything(), session: fc.anything(), record: fc.anything() }) }).map((v) => JSON.stringify(v) ?? ''),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const read = readServerMessage(text);
        if (isServerRefusal(read)) {
          expect(read.refused).toMatch(/^[a-z]/);
          expect(Number.isSafeInteger(read.id)).toBe(true);
        } else if (read.kind === 'answer') {
          expect(Number.isSafeInteger(read.id)).toBe(true);
          expect(typeof read.result.ok).toBe('boolean');
          if (!read.result.ok) expect(typeof read.result.error.message).toBe('string');
        } else {
          expect(SAMPLE_EVENTS.map((e) => e.type)).toContain(read.event.type);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any well-formed answer', () => {
    const result = fc.oneof(
      fc.record({ ok: fc.constant(true as const), value: fc.jsonValue() }),
      fc.record({ ok: fc.constant(false as const), error: fc.record({ code: fc.constantFrom(...ERROR_KIND_NAMES), message: fc.string() }) }),
    );
    fc.assert(
      fc.property(fc.maxSafeInteger(), result, (id, answerResult) => {
        const message: WireServerMessage = { kind: 'answer', id, result: answerResult };
        // JSON.parse(JSON.stringify(x)) is what the socket does to the value (-0 becomes 0).
        expect(readServerMessage(JSON.stringify(message))).toEqual(JSON.parse(JSON.stringify(message)));
      }),
    );
  });

  it('reads back any well-formed event of every type', () => {
    fc.assert(
      fc.property(apiEventArbitrary, (event) => {
        expect(readServerMessage(JSON.stringify({ kind: 'event', event }))).toEqual({ kind: 'event', event: JSON.parse(JSON.stringify(event)) });
      }),
      { numRuns: 500 },
    );
  });
});
