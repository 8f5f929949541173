/**
 * The browser tab the IdP's sign-in page opens in (browser mode, SPEC §10). A popup blocker lets a
 * page open a window only while it handles the click, not after awaiting the host's answer; so the
 * click opens an empty tab at once, and the tab is sent to the IdP when the answer comes (or closed
 * when there is nothing to show in it).
 */

export interface SignInTab {
  /** Sends the tab to `url` (an http(s) URL; anything else closes it and returns false). */
  show: (url: string) => boolean;
  close: () => void;
}

/** Only a web page may be opened: a `javascript:` URL in a tab of this origin would run as this page. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Opens an empty tab now; null when the browser refused (then the page offers a link instead). */
export function openBlankTab(opener: Pick<Window, 'open'> = window): SignInTab | null {
  const tab = opener.open('about:blank', '_blank');
  if (tab === null) return null;
  return {
    show: (url) => {
      if (!isWebUrl(url)) {
        tab.close();
        return false;
      }
      // The IdP's page must not reach back into this one (window.opener).
      tab.opener = null;
      tab.location.href = url;
      return true;
    },
    close: () => tab.close(),
  };
}
