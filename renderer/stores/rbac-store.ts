/** Admin: the RBAC YAML to apply as cluster admin, least-privilege unless "broad" is asked for. */
import { create } from 'zustand';
import type { RbacYaml } from '../../shared/api';
import { call } from '../api/gatehouse';
import { loadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';

interface RbacStore {
  broad: boolean;
  documents: Loadable<RbacYaml[]>;
  load: () => Promise<void>;
  setBroad: (broad: boolean) => Promise<void>;
}

export const useRbac = create<RbacStore>((set, get) => {
  // Toggling "broad" while a load runs starts another: only that newer one lands.
  const documents = loadSlot(() => get().documents, (next) => set({ documents: next }));
  return {
    broad: false,
    documents: IDLE,
    load: () => {
      const broad = get().broad;
      return documents.load(() => call('admin.rbac', broad ? { broad } : {}), (value) => value.documents);
    },
    setBroad: async (broad) => {
      set({ broad });
      await get().load();
    },
  };
});
