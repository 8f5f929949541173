// Assembles the core and its handler table: the one place every front end (Electron, agent,
// browser mode) starts from.
import { adminHandlers } from './admin-handlers';
import { createHandlers, type HandlerTable } from './handlers';
import { kubeconfigHandler } from './kubeconfig-handler';
import type { AppPaths } from '../platform/paths';
import { appVersion } from '../platform/version';
import { GatehouseCore, type CoreOptions } from '../services/core/gatehouse-core';

export interface GatehouseApp {
  core: GatehouseCore;
  handlers: HandlerTable;
}

export function createGatehouseApp(paths: AppPaths, options: CoreOptions): GatehouseApp {
  const core = new GatehouseCore(paths, options);
  const handlers = createHandlers(core, { version: appVersion(), kubeconfig: kubeconfigHandler, admin: adminHandlers });
  return { core, handlers };
}
