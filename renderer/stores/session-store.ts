/**
 * Who is signed in, and as whom the clusters see them: the one source of the identity in this
 * window (the session carries it, kept fresh by 'session' events). The app shows the sign-in screen
 * until `session.identity` is set. In gateway mode (SPEC §10) the session also says whether the
 * gateway session expired (a 'session-expired' event, or `gateway.state`): the app then shows a
 * banner with "Sign in again" until a session says signed in.
 */
import { create } from 'zustand';
import type { ApiError, Identity, SessionInfo } from '../../shared/api';
import { call } from '../api/gatehouse';
import { sameGateway } from '../lib/gateway-status';
import { useNotices } from './notices-store';

export type SessionPhase = 'starting' | 'signed-out' | 'signed-in';

/** A gateway session that ended: which gateway, and why (the host's words). */
export interface SessionExpiry {
  gateway: string;
  reason: string;
}

interface SessionStore {
  phase: SessionPhase;
  session: SessionInfo | null;
  /** True while session.get (or gateway.refresh) runs. */
  loading: boolean;
  /** The last session.get failed (the backend is not answering properly); cleared by the next session. */
  loadError: ApiError | null;
  signingOut: boolean;
  /** The last 'session-expired' event, until a session says signed in again (or signed out). */
  expiry: SessionExpiry | null;
  load: () => Promise<void>;
  /** Reads who the person is again: the gateway's /v1/me in gateway mode, else the session. */
  refresh: () => Promise<void>;
  apply: (session: SessionInfo) => void;
  noteExpired: (expiry: SessionExpiry) => void;
  signOut: () => Promise<void>;
}

/** Local mode needs the org user; gateway mode the gateway session. Both need the identity. */
function phaseOf(session: SessionInfo): SessionPhase {
  const someone = session.user !== null || session.gateway !== null;
  return someone && session.identity !== null ? 'signed-in' : 'signed-out';
}

/** A session that is signed in (or signed out, or local) ends an earlier expiry; an expired one keeps it. */
function expiryAfter(session: SessionInfo, expiry: SessionExpiry | null): SessionExpiry | null {
  if (expiry === null || session.gateway === null) return null;
  if (session.gateway.state === 'signed-in') return null;
  return expiry;
}

export const useSession = create<SessionStore>((set, get) => ({
  phase: 'starting',
  session: null,
  loading: false,
  loadError: null,
  signingOut: false,
  expiry: null,
  load: async () => {
    set({ loading: true });
    const result = await call('session.get', undefined);
    set({ loading: false });
    if (result.ok) get().apply(result.value);
    else set({ loadError: result.error });
  },
  refresh: async () => {
    if ((get().session?.gateway ?? null) === null) return get().load();
    set({ loading: true });
    const result = await call('gateway.refresh', undefined);
    set({ loading: false });
    if (result.ok) get().apply(result.value);
    else set({ loadError: result.error });
  },
  apply: (session) =>
    set((store) => ({ session, phase: phaseOf(session), loadError: null, expiry: expiryAfter(session, store.expiry) })),
  noteExpired: (expiry) => set({ expiry }),
  signOut: async () => {
    set({ signingOut: true });
    const result = await call('session.signOut', undefined);
    set({ signingOut: false });
    if (result.ok) get().apply(result.value);
    else useNotices.getState().show('danger', 'Could not sign out', result.error.message);
  },
}));

/** The signed-in person as the clusters see them, or null before sign-in: every screen reads it here. */
export function selectIdentity(store: Pick<SessionStore, 'session'>): Identity | null {
  return store.session?.identity ?? null;
}

export function useIdentity(): Identity | null {
  return useSession(selectIdentity);
}

/**
 * The expiry to show, or null: the session's own `expired` state (its error is the reason), or an
 * expiry event about the gateway this session is at.
 */
export function currentExpiry(session: SessionInfo | null, expiry: SessionExpiry | null): SessionExpiry | null {
  const gateway = session?.gateway ?? null;
  if (gateway === null) return null;
  if (expiry !== null && sameGateway(expiry.gateway, gateway.url)) return expiry;
  if (gateway.state === 'expired')
    return { gateway: gateway.url, reason: session?.error ?? 'The sign-in at the gateway ended.' };
  return null;
}
