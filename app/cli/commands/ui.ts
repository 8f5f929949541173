import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createGatehouseApp } from '../../core/create-app';
import { packageRoot } from '../../package-root';
import { appDataRoot, appPaths } from '../../paths';
import { AnotherAgentError, serveControlSocket } from '../../api/control-socket';
import { startBrowserServer } from '../../ui/browser-server';
import { CliError, EXIT, type Command } from '../command';

const RENDERER_DIR = join(packageRoot(), 'out', 'renderer');

/**
 * `gatehouse ui --browser`: browser mode — the app's window served on 127.0.0.1 with the API over
 * a websocket, until SIGINT/SIGTERM. Prints `open <url>`: the URL's token works once, buying one
 * tab its session (app/ui/browser-server.ts); a new link needs a new run.
 * (`gatehouse ui` without --browser is the Electron app, started by `npm start`.)
 */
export const uiCommand: Command = async (ctx) => {
  if (!ctx.options.browser) {
    throw new CliError('the desktop window is started with `npm start` (Electron); use `gatehouse ui --browser` for browser mode', EXIT.usage);
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new CliError(`the app is not built (${RENDERER_DIR} is missing): run npm run build`, EXIT.failure);
  const paths = appPaths(appDataRoot(ctx.env));
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const { core, handlers } = createGatehouseApp(paths, { mode: 'browser', demoOrg: ctx.env.GATEHOUSE_DEMO_ORG ?? null });
  const org = ctx.options.org ?? ctx.env.GATEHOUSE_ORG;
  const user = ctx.options.user ?? ctx.env.GATEHOUSE_USER;
  try {
    if (org && user) await core.signIn(org, user);
    else await core.restore();
  } catch (err) {
    await core.close();
    throw new CliError((err as Error).message, EXIT.usage);
  }
  // This process is the long-lived one now: the CLI reaches it through the control socket, as it
  // would reach the agent or the Electron app.
  let control;
  try {
    control = await serveControlSocket(paths.socket, handlers, (l) => core.subscribe(l));
  } catch (err) {
    await core.close();
    if (err instanceof AnotherAgentError) throw new CliError(`${err.message}; stop it first (gatehouse disconnect --all, then end that process)`, EXIT.refused);
    throw err;
  }
  const server = await startBrowserServer({ core, handlers, rendererDir: RENDERER_DIR, port: ctx.options.port === undefined ? 0 : Number(ctx.options.port) });
  ctx.io.out(`open ${server.url}\n`);
  ctx.io.out('(the link works once, in one browser tab; reloading that tab keeps working)\n');
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse ui: ${signal}: disconnecting and stopping\n`);
  await server.close();
  await control.close();
  await core.close();
  return EXIT.ok;
};
