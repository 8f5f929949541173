// The headless agent (`gatehouse agent`): the connection manager in one long-lived process, serving
// the API on the control socket. One per user: a second one refuses to start.
import { mkdirSync } from 'node:fs';
import { serveControlSocket } from '../api/control-socket';
import { createGatehouseApp, type GatehouseApp } from '../core/create-app';
import type { AppPaths } from '../paths';

export interface RunningAgent {
  app: GatehouseApp;
  stop(): Promise<void>;
}

export async function startAgent(paths: AppPaths, session: { orgFile?: string; user?: string }): Promise<RunningAgent> {
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const app = createGatehouseApp(paths, { mode: 'agent' });
  const server = await serveControlSocket(paths.socket, app.handlers, (l) => app.core.subscribe(l));
  try {
    if (session.orgFile && session.user) await app.core.signIn(session.orgFile, session.user);
    else await app.core.restore();
  } catch (err) {
    await server.close();
    await app.core.close();
    throw err;
  }
  return {
    app,
    async stop() {
      await server.close();
      await app.core.close();
    },
  };
}
