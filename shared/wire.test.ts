// The client-message parser sees whatever a client sent: it never throws, and what it lets
// through is exactly a well-formed call or subscribe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWireRefusal, parseClientMessage } from './wire';

describe('parseClientMessage', () => {
  it('any text: never throws; a refusal has a reason, a call has an integer id and a short string channel', () => {
    const texts = fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.record({ kind: fc.constantFrom('call', 'subscribe', 'x'), id: fc.anything(), channel: fc.anything(), request: fc.anything() }).map((v) => JSON.stringify(v) ?? ''));
    fc.assert(
      fc.property(texts, (text) => {
        const parsed = parseClientMessage(text);
        if (isWireRefusal(parsed)) {
          expect(parsed.refused).toMatch(/^[a-z]/);
          expect(Number.isSafeInteger(parsed.id)).toBe(true);
        } else if (parsed.kind === 'call') {
          expect(Number.isSafeInteger(parsed.id)).toBe(true);
          expect(typeof parsed.channel).toBe('string');
          expect(parsed.channel.length).toBeLessThanOrEqual(100);
        } else {
          expect(parsed).toEqual({ kind: 'subscribe' });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('says why, and keeps the id of a call it refuses when the id was usable', () => {
    expect(parseClientMessage('{"kind":"call","id":4,"channel":7}')).toEqual({ refused: 'channel must be a string', id: 4 });
    expect(parseClientMessage('{"kind":"call","id":4.5,"channel":"app.info"}')).toEqual({ refused: 'id must be an integer', id: -1 });
    expect(parseClientMessage('{"kind":"call","id":-1,"channel":"app.info"}')).toEqual({ kind: 'call', id: -1, channel: 'app.info', request: undefined });
    expect(parseClientMessage('[]')).toEqual({ refused: 'not a JSON object', id: -1 });
    expect(parseClientMessage('\u0000')).toEqual({ refused: 'not JSON', id: -1 });
  });
});
