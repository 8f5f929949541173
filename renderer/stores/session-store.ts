/**
 * Who is signed in, and as whom the clusters see them: the one source of the identity in this
 * window (the session carries it, kept fresh by 'session' events). The app shows the sign-in screen
 * until `session.identity` is set.
 */
import { create } from 'zustand';
import type { ApiError, Identity, SessionInfo } from '../../shared/api';
import { call } from '../api/gatehouse';
import { useNotices } from './notices-store';

export type SessionPhase = 'starting' | 'signed-out' | 'signed-in';

interface SessionStore {
  phase: SessionPhase;
  session: SessionInfo | null;
  /** True while session.get runs. */
  loading: boolean;
  /** The last session.get failed (the backend is not answering properly); cleared by the next session. */
  loadError: ApiError | null;
  signingOut: boolean;
  load: () => Promise<void>;
  apply: (session: SessionInfo) => void;
  signOut: () => Promise<void>;
}

function phaseOf(session: SessionInfo): SessionPhase {
  return session.user !== null && session.identity !== null ? 'signed-in' : 'signed-out';
}

export const useSession = create<SessionStore>((set, get) => ({
  phase: 'starting',
  session: null,
  loading: false,
  loadError: null,
  signingOut: false,
  load: async () => {
    set({ loading: true });
    const result = await call('session.get', undefined);
    set({ loading: false });
    if (result.ok) get().apply(result.value);
    else set({ loadError: result.error });
  },
  apply: (session) => set({ session, phase: phaseOf(session), loadError: null }),
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
