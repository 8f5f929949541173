/**
 * The one way a store loads a Loadable field: mark it loading (keeping what is shown, unless the
 * load is for something else than what is shown), call the API, settle the field with the answer.
 * Only the newest load of a field lands: an answer to an older one (options changed, another item
 * chosen, the field reset meanwhile) is dropped instead of overwriting what was asked for since.
 */
import type { ApiError, ApiResult } from '../../shared/api';
import { IDLE, type Loadable, startLoading } from './loadable';

/** Returned by a pick when the answer came back fine but does not hold what was asked for. */
export class LoadFailure {
  constructor(readonly error: ApiError) {}
}

export interface LoadOptions {
  /**
   * Start from nothing instead of keeping the current value on screen while loading: the load is
   * for another item (a different user, a different recording).
   */
  fresh?: boolean;
}

export interface LoadSlot<T> {
  /** Loads the field; resolves once it settled (or was superseded). */
  load<R>(request: () => Promise<ApiResult<R>>, pick: (value: R) => T | LoadFailure, options?: LoadOptions): Promise<void>;
  /**
   * A value that arrived without a load (a save's answer, an event): shown now. A load in flight
   * still lands: answers and events travel in order on one connection, so its answer, arriving
   * later, is at least as new.
   */
  apply(value: T): void;
  /** Back to idle, loads in flight dropped. */
  reset(): void;
}

/** What a pick made of an answer; a pick that throws is a bug in this window, shown, not left loading. */
function picked<T, R>(pick: (value: R) => T | LoadFailure, value: R): Loadable<T> {
  try {
    const outcome = pick(value);
    return outcome instanceof LoadFailure ? { status: 'failed', error: outcome.error } : { status: 'ready', value: outcome };
  } catch (error) {
    return { status: 'failed', error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** A load slot over a field of a store: `read` and `write` reach that field. */
export function loadSlot<T>(read: () => Loadable<T>, write: (next: Loadable<T>) => void): LoadSlot<T> {
  let generation = 0;
  return {
    async load(request, pick, options = {}) {
      const mine = ++generation;
      write(options.fresh === true ? { status: 'loading', previous: null } : startLoading(read()));
      const result = await request();
      if (mine !== generation) return;
      write(result.ok ? picked(pick, result.value) : { status: 'failed', error: result.error });
    },
    apply(value) {
      write({ status: 'ready', value });
    },
    reset() {
      generation++;
      write(IDLE);
    },
  };
}
