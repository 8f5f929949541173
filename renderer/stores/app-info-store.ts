/** Which backend this renderer talks to (electron / browser mode) and whether its contract matches. */
import { create } from 'zustand';
import { API_VERSION, type ApiResponse } from '../../shared/api';
import { call } from '../api/gatehouse';

type AppInfo = ApiResponse<'app.info'>;

interface AppInfoStore {
  info: AppInfo | null;
  /** Set when the backend speaks another contract version than this renderer was built for. */
  versionMismatch: string | null;
  load: () => Promise<void>;
}

export const useAppInfo = create<AppInfoStore>((set) => ({
  info: null,
  versionMismatch: null,
  load: async () => {
    const bridgeVersion = window.gatehouse.apiVersion;
    const result = await call('app.info', undefined);
    const backendVersion = result.ok ? result.value.apiVersion : bridgeVersion;
    const mismatch = [bridgeVersion, backendVersion].find((version) => version !== API_VERSION);
    set({
      info: result.ok ? result.value : null,
      versionMismatch:
        mismatch === undefined
          ? null
          : `This window was built for API version ${API_VERSION}, but Gatehouse answers with version ${mismatch}. Restart Gatehouse to load the matching window.`,
    });
  },
}));
