/** App settings (settings.get / settings.update); the form edits a draft and saves the changed fields. */
import { create } from 'zustand';
import type { ApiError, Settings } from '../../shared/api';
import { call } from '../api/gatehouse';
import { type Loadable, settle, startLoading } from '../api/loadable';

interface SettingsStore {
  settings: Loadable<Settings>;
  saving: boolean;
  saveError: ApiError | null;
  /** Time of the last successful save, for the "Saved" confirmation. */
  savedAt: number | null;
  load: () => Promise<void>;
  save: (change: Partial<Settings>) => Promise<boolean>;
}

export const useSettings = create<SettingsStore>((set, get) => ({
  settings: { status: 'idle' },
  saving: false,
  saveError: null,
  savedAt: null,
  load: async () => {
    set({ settings: startLoading(get().settings) });
    const result = await call('settings.get', undefined);
    set({ settings: settle(result, (settings) => settings) });
  },
  save: async (change) => {
    set({ saving: true, saveError: null });
    const result = await call('settings.update', change);
    if (!result.ok) {
      set({ saving: false, saveError: result.error });
      return false;
    }
    set({ saving: false, settings: { status: 'ready', value: result.value }, savedAt: Date.now() });
    return true;
  },
}));
