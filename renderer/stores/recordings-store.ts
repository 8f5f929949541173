/** Recorded exec/attach sessions and the one loaded for replay. */
import { create } from 'zustand';
import type { RecordingSummary } from '../../shared/api';
import { call } from '../api/gatehouse';
import { IDLE, type Loadable, settle, startLoading } from '../api/loadable';
import { type Cast, parseCast } from '../lib/asciicast';

interface RecordingsStore {
  recordings: Loadable<RecordingSummary[]>;
  openId: string | null;
  cast: Loadable<Cast>;
  load: () => Promise<void>;
  open: (id: string) => Promise<void>;
  closePlayer: () => void;
}

export const useRecordings = create<RecordingsStore>((set, get) => ({
  recordings: IDLE,
  openId: null,
  cast: IDLE,
  load: async () => {
    set({ recordings: startLoading(get().recordings) });
    const result = await call('activity.recordings', undefined);
    set({ recordings: settle(result, (value) => [...value.recordings].sort((a, b) => b.time.localeCompare(a.time))) });
  },
  open: async (id) => {
    set({ openId: id, cast: { status: 'loading', previous: null } });
    const result = await call('activity.recording', { id });
    if (get().openId !== id) return;
    if (!result.ok) {
      set({ cast: { status: 'failed', error: result.error } });
      return;
    }
    try {
      set({ cast: { status: 'ready', value: parseCast(result.value.cast) } });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      set({
        cast: { status: 'failed', error: { code: 'failed', message: `Recording ${id} cannot be replayed: ${reason}` } },
      });
    }
  },
  closePlayer: () => set({ openId: null, cast: IDLE }),
}));
