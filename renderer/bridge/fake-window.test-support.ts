// A small stand-in for `window` with just what page-token.ts and tab-session.ts touch (the unit
// tests run in node). The tests install it with vi.stubGlobal('window', …).

export const SESSION_KEY = 'gatehouse.browser-session';

export function makeFakeWindow(href: string, options: { storage?: 'working' | 'throwing'; stored?: string } = {}) {
  const stored = new Map<string, string>(options.stored === undefined ? [] : [[SESSION_KEY, options.stored]]);
  const sessionStorage =
    options.storage === 'throwing'
      ? {
          getItem: (): string | null => {
            throw new DOMException('denied', 'SecurityError');
          },
          setItem: (): void => {
            throw new DOMException('denied', 'SecurityError');
          },
        }
      : {
          getItem: (key: string): string | null => stored.get(key) ?? null,
          setItem: (key: string, value: string): void => void stored.set(key, value),
        };
  /** Each history.replaceState call's arguments. */
  const replaced: [unknown, string, string][] = [];
  const replaceState = (state: unknown, unused: string, url: string): void => void replaced.push([state, unused, url]);
  const window = { location: { href }, sessionStorage, history: { state: { page: 1 }, replaceState } };
  return { window, stored, replaced };
}
