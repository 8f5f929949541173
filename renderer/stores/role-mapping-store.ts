/** Admin: every role → group with the cluster's bindings for it (admin.rolesWithBindings). */
import { create } from 'zustand';
import type { RolePreviewWithBindings } from '../../shared/admin';
import { call } from '../api/gatehouse';
import { type Loadable, settle, startLoading } from '../api/loadable';

interface RoleMappingStore {
  roles: Loadable<RolePreviewWithBindings[]>;
  load: () => Promise<void>;
}

export const useRoleMapping = create<RoleMappingStore>((set, get) => ({
  roles: { status: 'idle' },
  load: async () => {
    set({ roles: startLoading(get().roles) });
    const result = await call('admin.rolesWithBindings', undefined);
    set({ roles: settle(result, (value) => value.roles) });
  },
}));
