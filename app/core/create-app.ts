// Assembles the core and its handler table: the one place every front end (Electron, agent,
// browser mode) starts from.
import { adminHandlers } from '../api/admin-handlers';
import { createHandlers, type HandlerTable } from '../api/handlers';
import { kubeconfigHandler } from '../api/kubeconfig-handler';
import type { AppPaths } from '../paths';
import { appVersion } from '../version';
import { GatehouseCore, type CoreOptions } from './gatehouse-core';

export interface GatehouseApp {
  core: GatehouseCore;
  handlers: HandlerTable;
}

export function createGatehouseApp(paths: AppPaths, options: CoreOptions): GatehouseApp {
  const core = new GatehouseCore(paths, options);
  const handlers = createHandlers(core, { version: appVersion(), kubeconfig: kubeconfigHandler, admin: adminHandlers });
  return { core, handlers };
}
