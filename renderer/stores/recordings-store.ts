/** Recorded exec/attach sessions and the one loaded for replay. */
import { create } from 'zustand';
import type { RecordingSummary } from '../../shared/api';
import { call } from '../api/gatehouse';
import { LoadFailure, loadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';
import { type Cast, parseCast } from '../lib/asciicast';

interface RecordingsStore {
  recordings: Loadable<RecordingSummary[]>;
  openId: string | null;
  cast: Loadable<Cast>;
  load: () => Promise<void>;
  open: (id: string) => Promise<void>;
  closePlayer: () => void;
}

/** The recording as a replayable cast, or why it cannot be replayed. */
function replayable(id: string, text: string): Cast | LoadFailure {
  try {
    return parseCast(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new LoadFailure({ code: 'internal', message: `Recording ${id} cannot be replayed: ${reason}` });
  }
}

export const useRecordings = create<RecordingsStore>((set, get) => {
  const recordings = loadSlot(() => get().recordings, (next) => set({ recordings: next }));
  // Opening another recording, or closing the player, drops the answer for the one before.
  const cast = loadSlot(() => get().cast, (next) => set({ cast: next }));
  return {
    recordings: IDLE,
    openId: null,
    cast: IDLE,
    load: () =>
      recordings.load(
        () => call('activity.recordings', undefined),
        (value) => [...value.recordings].sort((a, b) => b.time.localeCompare(a.time)),
      ),
    open: (id) => {
      set({ openId: id });
      return cast.load(() => call('activity.recording', { id }), (value) => replayable(id, value.cast), { fresh: true });
    },
    closePlayer: () => {
      set({ openId: null });
      cast.reset();
    },
  };
});
