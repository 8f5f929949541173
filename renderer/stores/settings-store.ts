/**
 * App settings (settings.get / settings.update); the form edits a draft and saves the changed fields.
 * A 'settings' event (a change from the tray, the CLI or another window) replaces what is shown.
 */
import { create } from 'zustand';
import type { ApiError, Settings } from '../../shared/api';
import { call } from '../api/gatehouse';
import { loadSlot } from '../api/load-slot';
import { IDLE, type Loadable } from '../api/loadable';

interface SettingsStore {
  settings: Loadable<Settings>;
  saving: boolean;
  saveError: ApiError | null;
  /** Time of the last successful save, for the "Saved" confirmation. */
  savedAt: number | null;
  load: () => Promise<void>;
  /** The settings as the backend now has them (an event or a save's answer). */
  apply: (settings: Settings) => void;
  save: (change: Partial<Settings>) => Promise<boolean>;
}

export const useSettings = create<SettingsStore>((set, get) => {
  const settings = loadSlot(() => get().settings, (next) => set({ settings: next }));
  return {
    settings: IDLE,
    saving: false,
    saveError: null,
    savedAt: null,
    load: () => settings.load(() => call('settings.get', undefined), (value) => value),
    apply: (value) => settings.apply(value),
    save: async (change) => {
      set({ saving: true, saveError: null });
      const result = await call('settings.update', change);
      if (!result.ok) {
        set({ saving: false, saveError: result.error });
        return false;
      }
      settings.apply(result.value);
      set({ saving: false, savedAt: Date.now() });
      return true;
    },
  };
});
