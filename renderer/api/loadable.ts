import type { ApiError } from '../../shared/api';

/**
 * Data fetched from the API as a screen sees it. `loading` keeps the previous value so a refresh
 * does not blank the screen. Stores load one through load-slot.ts.
 */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading'; previous: T | null }
  | { status: 'ready'; value: T }
  | { status: 'failed'; error: ApiError };

export const IDLE: Loadable<never> = { status: 'idle' };

export function startLoading<T>(current: Loadable<T>): Loadable<T> {
  return { status: 'loading', previous: currentValue(current) };
}

/** The value to show now: the loaded one, or the one being refreshed. */
export function currentValue<T>(loadable: Loadable<T>): T | null {
  if (loadable.status === 'ready') return loadable.value;
  if (loadable.status === 'loading') return loadable.previous;
  return null;
}
