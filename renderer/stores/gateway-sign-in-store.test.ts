// "Sign in with your organisation" against a fake window.gatehouse: what is asked of the host, where
// the IdP's page goes (the host's browser, the tab the click opened, or only a link), the waiting
// state until awaitSignIn answers, Cancel (also of a sign-in the host starts after it), the host's
// errors shown as they are, and "Sign in again" with the CA file remembered for that gateway.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../shared/api';
import type { SignInTab } from '../lib/sign-in-tab';
import { FakeGatehouse, fakeWindow, resettable, resetStores } from './fake-gatehouse.test-support';
import { browserSignIn, GATEWAY, IDP_PAGE, signedInAtGateway } from './gateway-fixtures.test-support';
import { useGatewaySignIn } from './gateway-sign-in-store';
import { useSession } from './session-store';
import { useSettings } from './settings-store';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(resettable(useGatewaySignIn), resettable(useSession), resettable(useSettings));
});
afterEach(() => vi.unstubAllGlobals());

/** The empty tab a click opened: records where it was sent and whether it was closed. */
function fakeTab(): SignInTab & { shown: string[]; closed: boolean } {
  const tab = {
    shown: [] as string[],
    closed: false,
    show: (url: string) => {
      tab.shown.push(url);
      return true;
    },
    close: () => {
      tab.closed = true;
    },
  };
  return tab;
}

const settings = (over: Partial<Settings> = {}): Settings => ({
  orgFile: null,
  user: null,
  kubeconfigPath: null,
  portRange: { first: 17000, last: 17099 },
  launchAtLogin: false,
  keepRunningInTray: true,
  recordingsMaxAgeDays: 30,
  recordingsMaxTotalBytes: 1_000_000,
  gatewayUrl: GATEWAY,
  gatewayCaFile: '/etc/gatehouse/ca.pem',
  ...over,
});

describe('sign in with your organisation', () => {
  it('browser mode: the tab the click opened goes to the IdP; awaitSignIn signs the window in', async () => {
    useGatewaySignIn.getState().setGatewayUrl(` ${GATEWAY} `);
    useGatewaySignIn.getState().setCaFile('/home/a/ca.pem');
    const tab = fakeTab();
    void useGatewaySignIn.getState().signIn(tab);
    expect(useGatewaySignIn.getState().state).toEqual({ step: 'starting', gateway: GATEWAY });
    expect(api.made()).toEqual([
      { channel: 'gateway.signIn', request: { gateway: GATEWAY, caFile: '/home/a/ca.pem' } },
    ]);

    await api.answer('gateway.signIn', browserSignIn({ opened: false }));
    expect(tab).toMatchObject({ shown: [IDP_PAGE], closed: false });
    expect(useGatewaySignIn.getState().state).toEqual({
      step: 'waiting',
      pending: browserSignIn(),
      page: 'opened-here',
    });
    expect(api.made().at(-1)).toEqual({ channel: 'gateway.awaitSignIn', request: { id: 'sign-in-1' } });

    await api.answer('gateway.awaitSignIn', signedInAtGateway());
    expect(useSession.getState()).toMatchObject({ phase: 'signed-in', session: { gateway: { url: GATEWAY } } });
    expect(useGatewaySignIn.getState()).toMatchObject({ state: { step: 'idle' }, error: null });
  });

  it('Electron: the host opened the system browser; no tab, "continue in your browser"', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    void useGatewaySignIn.getState().signIn(null);
    expect(api.made()).toEqual([{ channel: 'gateway.signIn', request: { gateway: GATEWAY } }]);
    await api.answer('gateway.signIn', browserSignIn({ opened: true }));
    expect(useGatewaySignIn.getState().state).toMatchObject({ step: 'waiting', page: 'opened-by-host' });
  });

  it.each<[string, boolean, boolean, 'opened-by-host' | 'opened-here' | 'not-opened', boolean]>([
    ['host opened it: the spare tab is closed', true, true, 'opened-by-host', true],
    ['host did not, a tab is there: it goes to the IdP', false, true, 'opened-here', false],
    ['host did not, the popup was blocked: only the link', false, false, 'not-opened', false],
  ])('%s', async (_name, opened, haveTab, page, closed) => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    const tab = fakeTab();
    void useGatewaySignIn.getState().signIn(haveTab ? tab : null);
    await api.answer('gateway.signIn', browserSignIn({ opened }));
    expect(useGatewaySignIn.getState().state).toMatchObject({ step: 'waiting', page });
    expect(tab.closed).toBe(closed);
  });

  it('without a gateway URL it asks for one, without calling the host, and closes the tab', async () => {
    const tab = fakeTab();
    await useGatewaySignIn.getState().signIn(tab);
    expect(api.made()).toEqual([]);
    expect(tab.closed).toBe(true);
    expect(useGatewaySignIn.getState().error).toMatchObject({ title: 'No gateway', error: { code: 'usage' } });
  });

  it('the host’s refusal is shown whole, under the step that failed; the tab is closed', async () => {
    useGatewaySignIn.setState({ gatewayUrl: 'https://gatehouse.example.com/path' });
    const tab = fakeTab();
    void useGatewaySignIn.getState().signIn(tab);
    await api.fail('gateway.signIn', 'usage', 'gateway https://gatehouse.example.com/path: a gateway URL has no path');
    expect(tab.closed).toBe(true);
    expect(useGatewaySignIn.getState()).toMatchObject({
      state: { step: 'idle' },
      error: {
        title: 'Could not sign in at https://gatehouse.example.com/path',
        error: { code: 'usage', message: 'gateway https://gatehouse.example.com/path: a gateway URL has no path' },
      },
    });
  });

  it('a sign-in that fails at the IdP or the gateway says why; the window stays signed out', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    void useGatewaySignIn.getState().signIn(null);
    await api.answer('gateway.signIn', browserSignIn());
    await api.fail(
      'gateway.awaitSignIn',
      'refused',
      'zed@example.com is not a user of the organisation at https://gatehouse.example.com',
    );
    expect(useGatewaySignIn.getState()).toMatchObject({
      state: { step: 'idle' },
      error: {
        title: 'Sign-in did not finish',
        error: { message: 'zed@example.com is not a user of the organisation at https://gatehouse.example.com' },
      },
    });
    expect(useSession.getState().phase).toBe('starting');
  });

  it('Cancel while waiting cancels it at the host; its late failure is not shown', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    void useGatewaySignIn.getState().signIn(null);
    await api.answer('gateway.signIn', browserSignIn());
    void useGatewaySignIn.getState().cancel();
    expect(useGatewaySignIn.getState().state).toEqual({ step: 'idle' });
    expect(api.made().at(-1)).toEqual({ channel: 'gateway.cancelSignIn', request: { id: 'sign-in-1' } });
    await api.answer('gateway.cancelSignIn', undefined);
    await api.fail('gateway.awaitSignIn', 'unavailable', 'the sign-in was cancelled');
    expect(useGatewaySignIn.getState()).toMatchObject({ state: { step: 'idle' }, error: null });
  });

  it('Cancel before the host answered: the sign-in it then starts is cancelled too, its tab closed', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    const tab = fakeTab();
    void useGatewaySignIn.getState().signIn(tab);
    void useGatewaySignIn.getState().cancel();
    expect(api.made()).toEqual([{ channel: 'gateway.signIn', request: { gateway: GATEWAY } }]);
    await api.answer('gateway.signIn', browserSignIn({ id: 'late' }));
    expect(tab).toMatchObject({ shown: [], closed: true });
    expect(api.made().at(-1)).toEqual({ channel: 'gateway.cancelSignIn', request: { id: 'late' } });
    expect(useGatewaySignIn.getState().state).toEqual({ step: 'idle' });
  });

  it('a failed cancel says so', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    void useGatewaySignIn.getState().signIn(null);
    await api.answer('gateway.signIn', browserSignIn());
    void useGatewaySignIn.getState().cancel();
    await api.fail('gateway.cancelSignIn', 'not-found', 'no sign-in sign-in-1 is under way');
    expect(useGatewaySignIn.getState().error).toMatchObject({
      title: 'Could not cancel the sign-in',
      error: { message: 'no sign-in sign-in-1 is under way' },
    });
  });

  it('the device flow shows its code; a spare tab is closed', async () => {
    useGatewaySignIn.setState({ gatewayUrl: GATEWAY });
    const tab = fakeTab();
    void useGatewaySignIn.getState().signIn(tab);
    const pending = {
      id: 'd',
      gateway: GATEWAY,
      kind: 'device' as const,
      verificationUri: 'https://idp.example.com/device',
      verificationUriComplete: null,
      userCode: 'ABCD-EFGH',
      expiresAt: '2025-03-04T10:30:00Z',
    };
    await api.answer('gateway.signIn', pending);
    expect(tab.closed).toBe(true);
    expect(useGatewaySignIn.getState().state).toEqual({ step: 'waiting', pending, page: 'not-opened' });
  });

  it('prefills the remembered gateway, but never over what the person typed', () => {
    useGatewaySignIn.getState().prefill(settings());
    expect(useGatewaySignIn.getState()).toMatchObject({ gatewayUrl: GATEWAY, caFile: '/etc/gatehouse/ca.pem' });
    useGatewaySignIn.getState().setGatewayUrl('https://mine.example.com');
    useGatewaySignIn.getState().prefill(settings({ gatewayUrl: 'https://preset.example.com' }));
    expect(useGatewaySignIn.getState().gatewayUrl).toBe('https://mine.example.com');
  });
});

describe('sign in again', () => {
  it('signs in at the same gateway with the CA file the settings remember for it', async () => {
    const tab = fakeTab();
    void useGatewaySignIn.getState().signInAgain(GATEWAY, tab);
    expect(useGatewaySignIn.getState().state).toEqual({ step: 'starting', gateway: GATEWAY });
    await api.answer('settings.get', settings());
    expect(api.made().at(-1)).toEqual({
      channel: 'gateway.signIn',
      request: { gateway: GATEWAY, caFile: '/etc/gatehouse/ca.pem' },
    });
    await api.answer('gateway.signIn', browserSignIn());
    expect(tab.shown).toHaveLength(1);
    await api.answer('gateway.awaitSignIn', signedInAtGateway());
    expect(useSession.getState().session?.gateway?.state).toBe('signed-in');
  });

  it('no CA file when the settings remember another gateway; loaded settings are not asked again', async () => {
    useSettings.getState().apply(settings({ gatewayUrl: 'https://other.example.com' }));
    void useGatewaySignIn.getState().signInAgain(`${GATEWAY}/`, null);
    await Promise.resolve();
    expect(api.made()).toEqual([{ channel: 'gateway.signIn', request: { gateway: `${GATEWAY}/` } }]);
  });

  it('cancelled while the settings are read: nothing is started, the tab is closed', async () => {
    const tab = fakeTab();
    void useGatewaySignIn.getState().signInAgain(GATEWAY, tab);
    void useGatewaySignIn.getState().cancel();
    await api.answer('settings.get', settings());
    expect(api.made().map((c) => c.channel)).toEqual(['settings.get']);
    expect(tab.closed).toBe(true);
  });
});
