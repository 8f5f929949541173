// The tab the IdP's page opens in: opened empty at the click, sent to a web address only, cut
// from this page (no opener) before it goes there.
import { describe, expect, it } from 'vitest';
import { isWebUrl, openBlankTab } from './sign-in-tab';

function fakeOpener(blocked = false) {
  const tab = {
    opener: {} as unknown,
    location: { href: 'about:blank' },
    closed: false,
    close() {
      this.closed = true;
    },
  };
  const opened: [string | URL | undefined, string | undefined][] = [];
  const opener = {
    open: (url?: string | URL, target?: string) => {
      opened.push([url, target]);
      return blocked ? null : (tab as unknown as Window);
    },
  };
  return { opener, tab, opened };
}

describe('openBlankTab', () => {
  it('opens about:blank in a new tab; show sends it to the IdP without an opener', () => {
    const { opener, tab, opened } = fakeOpener();
    const signInTab = openBlankTab(opener);
    expect(opened).toEqual([['about:blank', '_blank']]);
    expect(signInTab?.show('https://idp.example.com/auth?x=1')).toBe(true);
    expect(tab).toMatchObject({ opener: null, location: { href: 'https://idp.example.com/auth?x=1' }, closed: false });
  });

  it('refuses to send it anywhere but a web page, and closes it', () => {
    const { opener, tab } = fakeOpener();
    expect(openBlankTab(opener)?.show('javascript:alert(1)')).toBe(false);
    expect(tab).toMatchObject({ location: { href: 'about:blank' }, closed: true });
  });

  it('a blocked popup is null (the page offers the link instead)', () => {
    expect(openBlankTab(fakeOpener(true).opener)).toBeNull();
  });
});

describe('isWebUrl', () => {
  it.each([
    ['https://idp.example.com/auth', true],
    ['http://127.0.0.1:5556/auth', true],
    ['javascript:alert(1)', false],
    ['data:text/html,hi', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s: %s', (url, expected) => {
    expect(isWebUrl(url)).toBe(expected);
  });
});
