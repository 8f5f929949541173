import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireServerMessage } from '../../shared/wire';
import { parseServerMessage } from './parse-server-message';

describe('parseServerMessage', () => {
  it.each<[string, WireServerMessage]>([
    ['a successful answer', { kind: 'answer', id: 7, result: { ok: true, value: { version: '1.0' } } }],
    ['a successful answer with a null value', { kind: 'answer', id: 0, result: { ok: true, value: null } }],
    [
      'a failed answer',
      { kind: 'answer', id: 8, result: { ok: false, error: { code: 'not-signed-in', message: 'sign in first' } } },
    ],
    ['an event', { kind: 'event', event: { type: 'connection-lost', resource: 'dev', reason: 'EOF' } }],
  ])('reads %s', (_name, message) => {
    expect(parseServerMessage(JSON.stringify(message))).toEqual(message);
  });

  it('drops unknown fields at the top level', () => {
    expect(
      parseServerMessage(JSON.stringify({ kind: 'answer', id: 1, result: { ok: true, value: 2 }, extra: true })),
    ).toEqual({ kind: 'answer', id: 1, result: { ok: true, value: 2 } });
  });

  it.each([
    ['not JSON', '{"kind": "answer"'],
    ['empty', ''],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a string', '"answer"'],
    ['an array', '[{"kind": "event"}]'],
    ['no kind', '{"id": 1, "result": {"ok": true, "value": 1}}'],
    ['an unknown kind', '{"kind": "call", "id": 1, "channel": "x", "request": {}}'],
    ['an answer without id', '{"kind": "answer", "result": {"ok": true, "value": 1}}'],
    ['an answer with a text id', '{"kind": "answer", "id": "1", "result": {"ok": true, "value": 1}}'],
    ['an answer without result', '{"kind": "answer", "id": 1}'],
    ['an ok result without value', '{"kind": "answer", "id": 1, "result": {"ok": true}}'],
    ['ok is not a boolean', '{"kind": "answer", "id": 1, "result": {"ok": "true", "value": 1}}'],
    ['an error without message', '{"kind": "answer", "id": 1, "result": {"ok": false, "error": {"code": "failed"}}}'],
    ['an error that is text', '{"kind": "answer", "id": 1, "result": {"ok": false, "error": "boom"}}'],
    ['an event without event', '{"kind": "event"}'],
    ['an event without type', '{"kind": "event", "event": {"resources": []}}'],
    ['an event whose type is not text', '{"kind": "event", "event": {"type": 1}}'],
  ])('ignores %s', (_name, text) => {
    expect(parseServerMessage(text)).toBeNull();
  });

  it('never throws, and accepts only answers and events', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const message = parseServerMessage(text);
        if (message !== null) expect(['answer', 'event']).toContain(message.kind);
      }),
    );
  });

  it('reads back any well-formed answer', () => {
    const result = fc.oneof(
      fc.record({ ok: fc.constant(true as const), value: fc.jsonValue() }),
      fc.record({
        ok: fc.constant(false as const),
        error: fc.record({
          code: fc.constantFrom('bad-request' as const, 'failed' as const, 'refused' as const),
          message: fc.string(),
        }),
      }),
    );
    fc.assert(
      fc.property(fc.integer(), result, (id, answerResult) => {
        const message: WireServerMessage = { kind: 'answer', id, result: answerResult };
        // JSON.parse(JSON.stringify(x)) is what the socket does to the value (-0 becomes 0).
        expect(parseServerMessage(JSON.stringify(message))).toEqual(JSON.parse(JSON.stringify(message)));
      }),
    );
  });
});
