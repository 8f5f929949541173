// Sandboxed preload: exposes the typed API — invoke-only, one namespace, nothing else — as
// window.gatehouse (after Boundary Desktop). Every answer is a Result envelope from the main side.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_VERSION, type ApiEvent, type GatehouseApi } from '../shared/api';
import { IPC_EVENT, IPC_INVOKE } from './ipc-channels';

const api: GatehouseApi = {
  apiVersion: API_VERSION,
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request),
  subscribe(listener) {
    const relay = (_e: IpcRendererEvent, event: ApiEvent): void => listener(event);
    ipcRenderer.on(IPC_EVENT, relay);
    return () => ipcRenderer.off(IPC_EVENT, relay);
  },
};

contextBridge.exposeInMainWorld('gatehouse', api);
