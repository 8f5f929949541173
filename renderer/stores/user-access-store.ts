/**
 * Admin: what one chosen user may do (admin.usersAccess for that user only: every matrix is a batch
 * of SubjectAccessReviews per resource, too slow to compute for everyone up front).
 */
import { create } from 'zustand';
import type { OrgUserSummary } from '../../shared/api';
import type { UserAccessPreview } from '../../shared/admin';
import { call } from '../api/gatehouse';
import { IDLE, type Loadable, settle } from '../api/loadable';

interface UserAccessStore {
  users: Loadable<OrgUserSummary[]>;
  selectedUser: string | null;
  access: Loadable<UserAccessPreview | null>;
  loadUsers: (orgFile: string) => Promise<void>;
  choose: (email: string) => Promise<void>;
}

export const useUserAccess = create<UserAccessStore>((set, get) => ({
  users: IDLE,
  selectedUser: null,
  access: IDLE,
  loadUsers: async (orgFile) => {
    set({ users: { status: 'loading', previous: null } });
    const result = await call('org.users', { orgFile });
    set({ users: settle(result, (value) => value.users) });
  },
  choose: async (email) => {
    set({ selectedUser: email, access: { status: 'loading', previous: null } });
    const result = await call('admin.usersAccess', { users: [email] });
    if (get().selectedUser !== email) return; // another user was chosen meanwhile
    set({ access: settle(result, (value) => value.users.find((user) => user.email === email) ?? null) });
  },
}));
