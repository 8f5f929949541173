/** Admin: every role → group with the cluster's bindings for it (admin.rolesWithBindings). */
import { create } from 'zustand';
import type { RolePreviewWithBindings } from '../../shared/admin';
import { call } from '../api/gatehouse';
import { loadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';

interface RoleMappingStore {
  roles: Loadable<RolePreviewWithBindings[]>;
  load: () => Promise<void>;
}

export const useRoleMapping = create<RoleMappingStore>((set, get) => {
  const roles = loadSlot(() => get().roles, (next) => set({ roles: next }));
  return {
    roles: IDLE,
    load: () => roles.load(() => call('admin.rolesWithBindings', undefined), (value) => value.roles),
  };
});
