/**
 * The assigned resources and their connections. The backend is the source of truth: every answer
 * and every 'resources' event replaces the list; the store only adds which actions are in flight.
 */
import { create } from 'zustand';
import type { ApiError, ApiResult, ResourceStatus } from '../../shared/api';
import { call } from '../api/gatehouse';

type BulkAction = 'connect' | 'disconnect';

interface ResourcesStore {
  resources: ResourceStatus[];
  loaded: boolean;
  loadError: ApiError | null;
  /** Names whose toggle was clicked and not yet answered. */
  pending: ReadonlySet<string>;
  bulkPending: BulkAction | null;
  /** The last failed connect/disconnect, shown above the list until dismissed. */
  actionError: { title: string; message: string } | null;
  selectedName: string | null;
  load: () => Promise<void>;
  replaceAll: (resources: ResourceStatus[]) => void;
  setConnected: (name: string, connected: boolean) => Promise<void>;
  changeAll: (action: BulkAction) => Promise<void>;
  select: (name: string | null) => void;
  dismissActionError: () => void;
}

function without(set: ReadonlySet<string>, name: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(name);
  return next;
}

export const useResources = create<ResourcesStore>((set, get) => {
  function settleAction(result: ApiResult<{ resources: ResourceStatus[] }>, title: string): void {
    if (result.ok) set({ resources: result.value.resources, actionError: null });
    else set({ actionError: { title, message: result.error.message } });
  }

  return {
    resources: [],
    loaded: false,
    loadError: null,
    pending: new Set(),
    bulkPending: null,
    actionError: null,
    selectedName: null,
    load: async () => {
      const result = await call('resources.list', undefined);
      if (result.ok) set({ resources: result.value.resources, loaded: true, loadError: null });
      else set({ loadError: result.error, loaded: true });
    },
    replaceAll: (resources) => set({ resources, loaded: true }),
    setConnected: async (name, connected) => {
      set((store) => ({ pending: new Set(store.pending).add(name) }));
      const channel = connected ? 'connections.connect' : 'connections.disconnect';
      const result = await call(channel, { names: [name] });
      set((store) => ({ pending: without(store.pending, name) }));
      settleAction(result, connected ? `Could not connect ${name}` : `Could not disconnect ${name}`);
    },
    changeAll: async (action) => {
      if (get().bulkPending !== null) return;
      set({ bulkPending: action });
      const channel = action === 'connect' ? 'connections.connect' : 'connections.disconnect';
      const result = await call(channel, { all: true });
      set({ bulkPending: null });
      settleAction(
        result,
        action === 'connect' ? 'Could not connect all resources' : 'Could not disconnect all resources',
      );
    },
    select: (name) => set({ selectedName: name }),
    dismissActionError: () => set({ actionError: null }),
  };
});
