/**
 * The sign-in form: an org file, the users it lists, the chosen user. Loading the users validates the
 * file, so a bad file's error (file, path inside it, what is wrong) shows here in full.
 */
import { create } from 'zustand';
import type { ApiError, OrgUserSummary } from '../../shared/api';
import { call } from '../api/gatehouse';
import { useSession } from './session-store';

interface SignInStore {
  orgFile: string;
  /** The org file the user list belongs to (the input may have been edited since). */
  loadedOrgFile: string | null;
  users: OrgUserSummary[] | null;
  selectedUser: string | null;
  loadingUsers: boolean;
  signingIn: boolean;
  /** What went wrong, with a title saying which step failed. */
  error: { title: string; error: ApiError } | null;
  setOrgFile: (orgFile: string) => void;
  selectUser: (email: string) => void;
  loadUsers: (orgFile?: string) => Promise<void>;
  chooseDemo: () => Promise<void>;
  signIn: () => Promise<void>;
  /** Fills the form from the last session (a returning user only picks again). */
  prefill: (orgFile: string | null, user: string | null) => void;
}

export const useSignIn = create<SignInStore>((set, get) => ({
  orgFile: '',
  loadedOrgFile: null,
  users: null,
  selectedUser: null,
  loadingUsers: false,
  signingIn: false,
  error: null,
  setOrgFile: (orgFile) => set({ orgFile }),
  selectUser: (email) => set({ selectedUser: email }),
  loadUsers: async (orgFile = get().orgFile.trim()) => {
    if (orgFile === '') {
      set({
        error: {
          title: 'No organisation file',
          error: {
            code: 'usage',
            message: 'Enter the path of an organisation file, or use the demo organisation.',
          },
        },
      });
      return;
    }
    set({ orgFile, loadingUsers: true, error: null, users: null, loadedOrgFile: null });
    const result = await call('org.users', { orgFile });
    if (!result.ok) {
      set({ loadingUsers: false, error: { title: 'This organisation file cannot be used', error: result.error } });
      return;
    }
    const { users } = result.value;
    const previous = get().selectedUser;
    const stillListed = users.some((user) => user.email === previous);
    set({
      loadingUsers: false,
      users,
      loadedOrgFile: orgFile,
      selectedUser: stillListed ? previous : (users[0]?.email ?? null),
    });
  },
  chooseDemo: async () => {
    set({ loadingUsers: true, error: null });
    const result = await call('org.demo', undefined);
    if (!result.ok) {
      set({ loadingUsers: false, error: { title: 'The demo organisation is not available', error: result.error } });
      return;
    }
    if (result.value.orgFile === null) {
      set({
        loadingUsers: false,
        error: {
          title: 'The demo organisation is not available',
          error: {
            code: 'not-found',
            message: 'This installation has no demo organisation. Enter an organisation file instead.',
          },
        },
      });
      return;
    }
    await get().loadUsers(result.value.orgFile);
  },
  signIn: async () => {
    const { loadedOrgFile, selectedUser } = get();
    if (loadedOrgFile === null || selectedUser === null) return;
    set({ signingIn: true, error: null });
    const result = await call('session.signIn', { orgFile: loadedOrgFile, user: selectedUser });
    set({ signingIn: false });
    if (!result.ok) {
      set({ error: { title: 'Could not sign in', error: result.error } });
      return;
    }
    useSession.getState().apply(result.value);
    if (result.value.error !== null && result.value.identity === null) {
      set({ error: { title: 'Could not sign in', error: { code: 'config', message: result.value.error } } });
    }
  },
  prefill: (orgFile, user) => {
    if (get().orgFile !== '' || orgFile === null) return;
    set({ orgFile, selectedUser: user });
    void get().loadUsers(orgFile);
  },
}));
