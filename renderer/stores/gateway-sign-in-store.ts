/**
 * "Sign in with your organisation" (gateway mode, SPEC §10): the gateway URL (remembered, or
 * preset by an admin in the settings shipped with the app) and an optional CA file; then
 * gateway.signIn, the IdP's page in the system browser (the host opened it) or in a new tab (browser
 * mode: this window opens it), and gateway.awaitSignIn until the person is signed in or it failed.
 * The same flow serves "Sign in again" after the gateway session expired.
 *
 * Only the newest attempt lands: Cancel (or a new attempt) makes an older one's answers irrelevant,
 * and a sign-in the host started after Cancel was pressed is cancelled there too.
 */
import { create } from 'zustand';
import type { ApiError, PendingSignIn, Settings } from '../../shared/api';
import { call } from '../api/gatehouse';
import { currentValue } from '../api/loadable';
import { sameGateway } from '../lib/gateway-status';
import type { SignInTab } from '../lib/sign-in-tab';
import { useSession } from './session-store';
import { useSettings } from './settings-store';

/** Where the IdP's page is: the host opened the system browser, this window opened a tab, or neither (a link is shown). */
export type SignInPage = 'opened-by-host' | 'opened-here' | 'not-opened';

export type GatewaySignInState =
  | { step: 'idle' }
  | { step: 'starting'; gateway: string }
  | { step: 'waiting'; pending: PendingSignIn; page: SignInPage };

interface GatewaySignInStore {
  gatewayUrl: string;
  caFile: string;
  /** The person typed in the fields: a later prefill must not overwrite what they typed. */
  edited: boolean;
  state: GatewaySignInState;
  /** What went wrong, with a title saying which step failed; the message is the host's. */
  error: { title: string; error: ApiError } | null;
  setGatewayUrl: (url: string) => void;
  setCaFile: (file: string) => void;
  /** Fills the fields from the remembered (or preset) gateway. */
  prefill: (settings: Pick<Settings, 'gatewayUrl' | 'gatewayCaFile'>) => void;
  /** Signs in at the gateway in the fields. `tab`: the empty tab the click opened (browser mode), if any. */
  signIn: (tab: SignInTab | null) => Promise<void>;
  /** After an expiry: the same gateway again, with the CA file remembered for it. */
  signInAgain: (gateway: string, tab: SignInTab | null) => Promise<void>;
  cancel: () => Promise<void>;
}

const NO_GATEWAY: ApiError = {
  code: 'usage',
  message: "Enter your organisation's gateway URL (https://…), as your administrator gave it to you.",
};

function pageOf(pending: PendingSignIn, tab: SignInTab | null): SignInPage {
  if (pending.kind === 'device') {
    tab?.close();
    return 'not-opened';
  }
  if (pending.opened) {
    tab?.close();
    return 'opened-by-host';
  }
  return tab?.show(pending.url) === true ? 'opened-here' : 'not-opened';
}

/** The CA file the settings remember for `gateway` (read first when not loaded yet). */
async function rememberedCaFile(gateway: string): Promise<string | null> {
  if (currentValue(useSettings.getState().settings) === null) await useSettings.getState().load();
  const settings = currentValue(useSettings.getState().settings);
  return settings !== null && sameGateway(settings.gatewayUrl, gateway) ? settings.gatewayCaFile : null;
}

export const useGatewaySignIn = create<GatewaySignInStore>((set, get) => {
  /** Bumped by every attempt and by Cancel: an answer to an older attempt is dropped. */
  let attempt = 0;

  async function run(gateway: string, caFile: string | null, tab: SignInTab | null): Promise<void> {
    const mine = ++attempt;
    set({ state: { step: 'starting', gateway }, error: null });
    const started = await call('gateway.signIn', { gateway, ...(caFile !== null ? { caFile } : {}) });
    if (mine !== attempt) {
      // Cancelled while the host was starting it: end it there too.
      tab?.close();
      if (started.ok) void call('gateway.cancelSignIn', { id: started.value.id });
      return;
    }
    if (!started.ok) {
      tab?.close();
      set({ state: { step: 'idle' }, error: { title: `Could not sign in at ${gateway}`, error: started.error } });
      return;
    }
    const pending = started.value;
    set({ state: { step: 'waiting', pending, page: pageOf(pending, tab) } });
    const finished = await call('gateway.awaitSignIn', { id: pending.id });
    if (mine !== attempt) return;
    if (!finished.ok) {
      set({ state: { step: 'idle' }, error: { title: 'Sign-in did not finish', error: finished.error } });
      return;
    }
    set({ state: { step: 'idle' } });
    useSession.getState().apply(finished.value);
    const session = finished.value;
    if (session.identity === null && session.error !== null)
      set({
        error: { title: 'Signed in, but Gatehouse cannot use it', error: { code: 'config', message: session.error } },
      });
  }

  return {
    gatewayUrl: '',
    caFile: '',
    edited: false,
    state: { step: 'idle' },
    error: null,
    setGatewayUrl: (gatewayUrl) => set({ gatewayUrl, edited: true }),
    setCaFile: (caFile) => set({ caFile, edited: true }),
    prefill: (settings) => {
      if (get().edited) return;
      set({ gatewayUrl: settings.gatewayUrl ?? '', caFile: settings.gatewayCaFile ?? '' });
    },
    signIn: async (tab) => {
      const gateway = get().gatewayUrl.trim();
      if (gateway === '') {
        tab?.close();
        set({ error: { title: 'No gateway', error: NO_GATEWAY } });
        return;
      }
      const caFile = get().caFile.trim();
      await run(gateway, caFile === '' ? null : caFile, tab);
    },
    signInAgain: async (gateway, tab) => {
      // Marked as started before the settings are read, so a second click does not start another.
      const mine = ++attempt;
      set({ state: { step: 'starting', gateway }, error: null });
      const caFile = await rememberedCaFile(gateway);
      if (mine !== attempt) {
        tab?.close();
        return;
      }
      await run(gateway, caFile, tab);
    },
    cancel: async () => {
      const { state } = get();
      attempt++;
      set({ state: { step: 'idle' } });
      if (state.step !== 'waiting') return;
      const result = await call('gateway.cancelSignIn', { id: state.pending.id });
      if (!result.ok) set({ error: { title: 'Could not cancel the sign-in', error: result.error } });
    },
  };
});
