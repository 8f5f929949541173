/**
 * Admin: what one chosen user may do (admin.usersAccess for that user only: every matrix is a batch
 * of SubjectAccessReviews per resource, too slow to compute for everyone up front).
 */
import { create } from 'zustand';
import type { OrgUserSummary } from '../../shared/api';
import type { UserAccessPreview } from '../../shared/admin';
import { call } from '../api/gatehouse';
import { loadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';
import { usersFromRoles } from '../lib/users-from-roles';

interface UserAccessStore {
  users: Loadable<OrgUserSummary[]>;
  selectedUser: string | null;
  access: Loadable<UserAccessPreview | null>;
  loadUsers: (orgFile: string) => Promise<void>;
  /** Gateway mode: the people the gateway's role mapping names (there is no org file here). */
  loadGatewayUsers: () => Promise<void>;
  choose: (email: string) => Promise<void>;
}

export const useUserAccess = create<UserAccessStore>((set, get) => {
  const users = loadSlot(
    () => get().users,
    (next) => set({ users: next }),
  );
  // Choosing another user while one loads: only the newest choice's answer lands.
  const access = loadSlot(
    () => get().access,
    (next) => set({ access: next }),
  );
  return {
    users: IDLE,
    selectedUser: null,
    access: IDLE,
    loadUsers: (orgFile) =>
      users.load(
        () => call('org.users', { orgFile }),
        (value) => value.users,
        { fresh: true },
      ),
    loadGatewayUsers: () =>
      users.load(
        () => call('admin.rolesWithBindings', undefined),
        (value) => usersFromRoles(value.roles),
        { fresh: true },
      ),
    choose: (email) => {
      set({ selectedUser: email });
      return access.load(
        () => call('admin.usersAccess', { users: [email] }),
        (value) => value.users.find((user) => user.email === email) ?? null,
        { fresh: true },
      );
    },
  };
});
