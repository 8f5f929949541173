import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../../../shared/errors';
import { describeHost } from '../../../shared/host-mode';
import { startHost } from '../../hosts/start-host';
import { packageRoot } from '../../platform/package-root';
import { appDataRoot, appPaths } from '../../platform/paths';
import { EXIT, type Command } from '../command';

const RENDERER_DIR = join(packageRoot(), 'out', 'renderer');

/**
 * `gatehouse ui --browser`: browser mode — the app's window served on 127.0.0.1 with the API over
 * a websocket, until SIGINT/SIGTERM. Prints `open <url>`: the URL's token works once, buying one
 * tab its session (app/hosts/browser/browser-server.ts); a new link needs a new run.
 * When another host already holds this user's connections (the agent, the desktop app), the window
 * attaches to it and says so (`attached to …` on stderr, and in the app's settings); otherwise
 * this process holds them and serves the control socket for the CLI.
 * (`gatehouse ui` without --browser is the Electron app, started by `npm start`.)
 */
export const uiCommand: Command = async (ctx) => {
  if (!ctx.options.browser) {
    throw new GatehouseError(
      'usage',
      'the desktop window is started with `npm start` (Electron); use `gatehouse ui --browser` for browser mode',
    );
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new GatehouseError('unavailable', `the app is not built (${RENDERER_DIR} is missing): run npm run build`);
  const org = ctx.options.org ?? ctx.env.GATEHOUSE_ORG;
  const user = ctx.options.user ?? ctx.env.GATEHOUSE_USER;
  // A failed sign-in or a taken port: its kind is the exit code (runCli).
  const host = await startHost({
    paths: appPaths(appDataRoot(ctx.env)),
    mode: 'browser',
    demoOrg: ctx.env.GATEHOUSE_DEMO_ORG ?? null,
    signIn: org && user ? { orgFile: org, user } : undefined,
    whenAnotherRuns: 'attach',
    browser: { rendererDir: RENDERER_DIR, port: ctx.options.port === undefined ? 0 : Number(ctx.options.port) },
  });
  if (host.attachedTo)
    ctx.io.err(`gatehouse ui: attached to ${describeHost(host.attachedTo)}, which holds the connections\n`);
  ctx.io.out(`open ${host.browser?.url ?? ''}\n`);
  ctx.io.out('(the link works once, in one browser tab; reloading that tab keeps working)\n');
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse ui: ${signal}: ${host.attachedTo ? 'detaching and stopping' : 'disconnecting and stopping'}\n`);
  await host.stop();
  return EXIT.ok;
};
