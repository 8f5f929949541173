import type { GatehouseApi } from '../shared';

declare global {
  interface Window {
    /** The typed API: from main/preload.ts in Electron, from the browser-mode client otherwise. */
    readonly gatehouse: GatehouseApi;
  }
}
