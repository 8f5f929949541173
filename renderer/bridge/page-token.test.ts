// The page's side of browser mode's tokens: the one-time link from the address bar, the tab's
// session in sessionStorage only.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFakeWindow, SESSION_KEY } from './fake-window.test-support';

function fakeWindow(...args: Parameters<typeof makeFakeWindow>): ReturnType<typeof makeFakeWindow> {
  const fake = makeFakeWindow(...args);
  vi.stubGlobal('window', fake.window);
  return fake;
}
import { hideTokenFromAddressBar, readLinkToken, rememberedSession, rememberSession } from './page-token';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('readLinkToken', () => {
  it('reads the link token from the URL, decoded, without storing it', () => {
    const { stored } = fakeWindow('http://127.0.0.1:4000/?token=a%2Bb%3D');
    expect(readLinkToken()).toBe('a+b=');
    expect(stored.size).toBe(0);
  });

  it('null without a token, or with an empty one', () => {
    fakeWindow('http://127.0.0.1:4000/#/activity');
    expect(readLinkToken()).toBeNull();
    fakeWindow('http://127.0.0.1:4000/?token=');
    expect(readLinkToken()).toBeNull();
  });
});

describe('the tab session', () => {
  it('is kept in sessionStorage for this tab and read back after a reload', () => {
    const { stored } = fakeWindow('http://127.0.0.1:4000/');
    expect(rememberedSession()).toBeNull();
    rememberSession('tab-1');
    expect(stored.get(SESSION_KEY)).toBe('tab-1');
    expect(rememberedSession()).toBe('tab-1');
  });

  it('an empty stored value does not count', () => {
    fakeWindow('http://127.0.0.1:4000/', { stored: '' });
    expect(rememberedSession()).toBeNull();
  });

  it('works with storage disabled: nothing is remembered, nothing throws', () => {
    fakeWindow('https://127.0.0.1:4000/', { storage: 'throwing' });
    expect(() => rememberSession('tab-1')).not.toThrow();
    expect(rememberedSession()).toBeNull();
  });
});

describe('hideTokenFromAddressBar', () => {
  it('removes only the token, keeping the path, other parameters, the hash and the history state', () => {
    const { replaced } = fakeWindow('http://127.0.0.1:4000/app/?a=1&token=secret&b=2#/requests');
    hideTokenFromAddressBar();
    expect(replaced).toEqual([[{ page: 1 }, '', '/app/?a=1&b=2#/requests']]);
  });

  it('leaves no empty "?" behind', () => {
    const { replaced } = fakeWindow('http://127.0.0.1:4000/?token=secret');
    hideTokenFromAddressBar();
    expect(replaced).toEqual([[{ page: 1 }, '', '/']]);
  });

  it('does nothing when there is no token in the URL', () => {
    const { replaced } = fakeWindow('http://127.0.0.1:4000/?a=1#x');
    hideTokenFromAddressBar();
    expect(replaced).toEqual([]);
  });
});
