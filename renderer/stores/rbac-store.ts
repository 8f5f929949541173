/** Admin: the RBAC YAML to apply as cluster admin, least-privilege unless "broad" is asked for. */
import { create } from 'zustand';
import type { RbacYaml } from '../../shared/api';
import { call } from '../api/gatehouse';
import { type Loadable, settle, startLoading } from '../api/loadable';

interface RbacStore {
  broad: boolean;
  documents: Loadable<RbacYaml[]>;
  load: () => Promise<void>;
  setBroad: (broad: boolean) => Promise<void>;
}

export const useRbac = create<RbacStore>((set, get) => ({
  broad: false,
  documents: { status: 'idle' },
  load: async () => {
    set({ documents: startLoading(get().documents) });
    const broad = get().broad;
    const result = await call('admin.rbac', broad ? { broad } : {});
    if (get().broad !== broad) return; // toggled again meanwhile; that load wins
    set({ documents: settle(result, (value) => value.documents) });
  },
  setBroad: async (broad) => {
    set({ broad });
    await get().load();
  },
}));
