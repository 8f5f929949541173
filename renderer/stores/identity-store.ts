/** The signed-in person as the proxy sends them (identity.whoami), refreshed when the screen opens. */
import { create } from 'zustand';
import type { Identity } from '../../shared/api';
import { call } from '../api/gatehouse';
import { type Loadable, settle, startLoading } from '../api/loadable';

interface IdentityStore {
  identity: Loadable<Identity>;
  load: () => Promise<void>;
}

export const useIdentity = create<IdentityStore>((set, get) => ({
  identity: { status: 'idle' },
  load: async () => {
    set({ identity: startLoading(get().identity) });
    const result = await call('identity.whoami', undefined);
    set({ identity: settle(result, (identity) => identity) });
  },
}));
