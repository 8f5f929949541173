// Runs in node: `window` is a small stand-in with just what page-token.ts touches.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hideTokenFromAddressBar, readPageToken } from './page-token';

const STORAGE_KEY = 'gatehouse.browser-token';

function fakeWindow(href: string, options: { storage?: 'working' | 'throwing'; stored?: string } = {}) {
  const stored = new Map<string, string>(options.stored === undefined ? [] : [[STORAGE_KEY, options.stored]]);
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
  const replaceState = vi.fn<(state: unknown, unused: string, url: string) => void>();
  const fake = { location: { href }, sessionStorage, history: { state: { page: 1 }, replaceState } };
  vi.stubGlobal('window', fake);
  return { stored, replaceState };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readPageToken', () => {
  it('takes the token from the URL and remembers it for this tab', () => {
    const { stored } = fakeWindow('http://127.0.0.1:4000/?token=abc123');
    expect(readPageToken()).toBe('abc123');
    expect(stored.get(STORAGE_KEY)).toBe('abc123');
  });

  it('a token in the URL wins over a remembered one (a newer server run)', () => {
    const { stored } = fakeWindow('http://127.0.0.1:4000/?token=new', { stored: 'old' });
    expect(readPageToken()).toBe('new');
    expect(stored.get(STORAGE_KEY)).toBe('new');
  });

  it('after a reload without the token in the URL, uses the remembered one', () => {
    fakeWindow('http://127.0.0.1:4000/#/activity', { stored: 'kept' });
    expect(readPageToken()).toBe('kept');
  });

  it('an empty token parameter does not count', () => {
    const { stored } = fakeWindow('http://127.0.0.1:4000/?token=', { stored: 'kept' });
    expect(readPageToken()).toBe('kept');
    expect(stored.get(STORAGE_KEY)).toBe('kept');
  });

  it('decodes the token', () => {
    fakeWindow('http://127.0.0.1:4000/?token=a%2Bb%3D');
    expect(readPageToken()).toBe('a+b=');
  });

  it('null when there is no token anywhere', () => {
    fakeWindow('http://127.0.0.1:4000/');
    expect(readPageToken()).toBeNull();
  });

  it('works with storage disabled: the URL token still counts, nothing else does', () => {
    fakeWindow('https://127.0.0.1:4000/?token=abc', { storage: 'throwing' });
    expect(readPageToken()).toBe('abc');
    fakeWindow('https://127.0.0.1:4000/', { storage: 'throwing' });
    expect(readPageToken()).toBeNull();
  });
});

describe('hideTokenFromAddressBar', () => {
  it('removes only the token, keeping the path, other parameters, the hash and the history state', () => {
    const { replaceState } = fakeWindow('http://127.0.0.1:4000/app/?a=1&token=secret&b=2#/requests');
    hideTokenFromAddressBar();
    expect(replaceState).toHaveBeenCalledExactlyOnceWith({ page: 1 }, '', '/app/?a=1&b=2#/requests');
  });

  it('leaves no empty "?" behind', () => {
    const { replaceState } = fakeWindow('http://127.0.0.1:4000/?token=secret');
    hideTokenFromAddressBar();
    expect(replaceState).toHaveBeenCalledExactlyOnceWith({ page: 1 }, '', '/');
  });

  it('does nothing when there is no token in the URL', () => {
    const { replaceState } = fakeWindow('http://127.0.0.1:4000/?a=1#x');
    hideTokenFromAddressBar();
    expect(replaceState).not.toHaveBeenCalled();
  });
});
