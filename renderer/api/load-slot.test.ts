// The one load/settle helper of the stores: what a field shows while loading, after an answer, and
// that only the newest load lands whatever order the answers arrive in.
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api';
import { LoadFailure, loadSlot } from './load-slot';
import { IDLE, type Loadable } from './loadable';

/** A field and its history, plus answers the test releases by hand. */
function harness<T>(initial: Loadable<T> = IDLE) {
  let field: Loadable<T> = initial;
  const seen: Loadable<T>[] = [];
  const slot = loadSlot(
    () => field,
    (next) => {
      field = next;
      seen.push(next);
    },
  );
  const answers: ((result: ApiResult<T>) => void)[] = [];
  const request = (): Promise<ApiResult<T>> => new Promise((resolve) => answers.push(resolve));
  return { slot, seen, answers, request, field: () => field };
}

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

describe('loadSlot', () => {
  it('keeps the shown value while refreshing, then settles with the picked value', async () => {
    const h = harness<number>({ status: 'ready', value: 1 });
    const loading = h.slot.load(h.request, (v) => v * 10);
    expect(h.field()).toEqual({ status: 'loading', previous: 1 });
    h.answers[0]!(ok(2));
    await loading;
    expect(h.field()).toEqual({ status: 'ready', value: 20 });
  });

  it('fresh: shows nothing of the previous item while loading another', async () => {
    const h = harness<number>({ status: 'ready', value: 1 });
    const loading = h.slot.load(h.request, (v) => v, { fresh: true });
    expect(h.field()).toEqual({ status: 'loading', previous: null });
    h.answers[0]!(ok(5));
    await loading;
    expect(h.field()).toEqual({ status: 'ready', value: 5 });
  });

  it('a failed answer, a LoadFailure from the pick and a throwing pick all settle as failed', async () => {
    const h = harness<number>();
    const a = h.slot.load(h.request, (v) => v);
    h.answers[0]!({ ok: false, error: { code: 'unavailable', message: 'cluster down' } });
    await a;
    expect(h.field()).toEqual({ status: 'failed', error: { code: 'unavailable', message: 'cluster down' } });

    const b = h.slot.load(h.request, () => new LoadFailure({ code: 'not-found', message: 'no report for dev' }));
    h.answers[1]!(ok(1));
    await b;
    expect(h.field()).toEqual({ status: 'failed', error: { code: 'not-found', message: 'no report for dev' } });

    const c = h.slot.load(h.request, () => {
      throw new Error('bad cast header');
    });
    h.answers[2]!(ok(1));
    await c;
    expect(h.field()).toEqual({ status: 'failed', error: { code: 'internal', message: 'bad cast header' } });
  });

  it('only the newest load lands, even when the older answer arrives last', async () => {
    const h = harness<string>();
    const older = h.slot.load(h.request, (v) => v);
    const newer = h.slot.load(h.request, (v) => v);
    h.answers[1]!(ok('newer'));
    await newer;
    h.answers[0]!(ok('older'));
    await older;
    expect(h.field()).toEqual({ status: 'ready', value: 'newer' });
    expect(h.seen.at(-1)).toEqual({ status: 'ready', value: 'newer' });
  });

  it('apply shows a value at once and a later answer still lands; reset drops a load in flight', async () => {
    const h = harness<string>();
    const first = h.slot.load(h.request, (v) => v);
    h.slot.apply('from an event');
    expect(h.field()).toEqual({ status: 'ready', value: 'from an event' });
    h.answers[0]!(ok('answered after the event'));
    await first;
    expect(h.field()).toEqual({ status: 'ready', value: 'answered after the event' });

    const second = h.slot.load(h.request, (v) => v);
    h.slot.reset();
    h.answers[1]!(ok('after reset'));
    await second;
    expect(h.field()).toEqual(IDLE);
  });
});
