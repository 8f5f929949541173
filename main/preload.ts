// Sandboxed preload: exposes the typed API (and nothing else) as window.gatehouse.
import { contextBridge } from 'electron';
import { API_VERSION, type GatehouseApi } from '../shared';

const api: GatehouseApi = { apiVersion: API_VERSION };

contextBridge.exposeInMainWorld('gatehouse', api);
