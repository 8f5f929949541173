/** Who is signed in. The app shows the sign-in screen until `session.identity` is set. */
import { create } from 'zustand';
import type { ApiError, SessionInfo } from '../../shared/api';
import { call } from '../api/gatehouse';
import { useNotices } from './notices-store';

export type SessionPhase = 'starting' | 'signed-out' | 'signed-in';

interface SessionStore {
  phase: SessionPhase;
  session: SessionInfo | null;
  /** session.get itself failed (the backend is not answering properly). */
  startError: ApiError | null;
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
  startError: null,
  signingOut: false,
  load: async () => {
    const result = await call('session.get', undefined);
    if (result.ok) get().apply(result.value);
    else set({ startError: result.error });
  },
  apply: (session) => set({ session, phase: phaseOf(session), startError: null }),
  signOut: async () => {
    set({ signingOut: true });
    const result = await call('session.signOut', undefined);
    set({ signingOut: false });
    if (result.ok) get().apply(result.value);
    else useNotices.getState().show('danger', 'Could not sign out', result.error.message);
  },
}));
