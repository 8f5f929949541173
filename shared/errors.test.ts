// The one table of error kinds: each kind's exit code is SPEC §7's, the envelope carries the kind
// unchanged both ways, and whatever else is thrown is `internal` (exit 1).
import { describe, expect, it } from 'vitest';
import { apiErrorOf, ERROR_KINDS, errorFromApi, EXIT, exitCodeOf, GatehouseError, kindOf, messageOf, unwrapResult } from './errors';

describe('error kinds', () => {
  it('map to the exit codes of SPEC §7: 2 usage/config, 3 refused, 1 runtime failure', () => {
    expect(EXIT).toEqual({ ok: 0, failure: 1, usage: 2, refused: 3 });
    expect(ERROR_KINDS).toEqual({
      usage: 2,
      config: 2,
      'not-signed-in': 2,
      'not-found': 2,
      refused: 3,
      unavailable: 1,
      internal: 1,
    });
  });

  it('every kind survives the envelope: thrown → ApiError → thrown again, same kind and message', () => {
    for (const kind of Object.keys(ERROR_KINDS) as (keyof typeof ERROR_KINDS)[]) {
      const error = new GatehouseError(kind, `${kind} happened`);
      const envelope = apiErrorOf(error);
      expect(envelope).toEqual({ code: kind, message: `${kind} happened` });
      const again = errorFromApi(JSON.parse(JSON.stringify(envelope)) as typeof envelope);
      expect([again.kind, again.message, exitCodeOf(again)]).toEqual([kind, `${kind} happened`, ERROR_KINDS[kind]]);
    }
  });

  it('anything that is not a GatehouseError is internal, exit 1, with its message', () => {
    expect([kindOf(new TypeError('x is undefined')), exitCodeOf('a string'), apiErrorOf(new RangeError('too far'))]).toEqual([
      'internal',
      EXIT.failure,
      { code: 'internal', message: 'too far' },
    ]);
    expect(messageOf(Object.create(null))).toBe('an unprintable error');
  });

  it('a code this build does not know (a newer host) becomes internal, its message kept', () => {
    const error = errorFromApi({ code: 'rate-limited' as never, message: 'slow down' });
    expect([error.kind, error.message]).toEqual(['internal', 'slow down']);
  });

  it('unwrapResult gives the value or throws the error with its kind', () => {
    expect(unwrapResult({ ok: true, value: 7 })).toBe(7);
    expect(() => unwrapResult({ ok: false, error: { code: 'refused', message: 'no' } })).toThrow(expect.objectContaining({ kind: 'refused', message: 'no' }));
  });
});
