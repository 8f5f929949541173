/**
 * Recent proxied requests: the audit log's tail (activity.requests) plus live 'request' events,
 * newest first, capped so a busy watch loop cannot grow the page without bound.
 */
import { create } from 'zustand';
import type { ApiError } from '../../shared/api';
import type { RequestRecord } from '../../shared/activity';
import { call } from '../api/gatehouse';
import type { RequestFilter } from '../lib/request-filter';

const HISTORY_LIMIT = 500;
const KEPT_LIMIT = 2000;

interface RequestsStore {
  records: RequestRecord[];
  loaded: boolean;
  loading: boolean;
  error: ApiError | null;
  filter: RequestFilter;
  load: () => Promise<void>;
  add: (record: RequestRecord) => void;
  setFilter: (change: Partial<RequestFilter>) => void;
}

export const useRequests = create<RequestsStore>((set) => ({
  records: [],
  loaded: false,
  loading: false,
  error: null,
  filter: { text: '', verb: '', status: 'all' },
  load: async () => {
    set({ loading: true });
    const result = await call('activity.requests', { limit: HISTORY_LIMIT });
    if (!result.ok) {
      set({ loading: false, error: result.error });
      return;
    }
    const newestFirst = [...result.value.requests].sort((a, b) => b.time.localeCompare(a.time));
    set({ loading: false, loaded: true, error: null, records: newestFirst });
  },
  add: (record) => set((store) => ({ records: [record, ...store.records].slice(0, KEPT_LIMIT) })),
  setFilter: (change) => set((store) => ({ filter: { ...store.filter, ...change } })),
}));
