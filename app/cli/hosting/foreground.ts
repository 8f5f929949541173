import { startForeground } from '../../hosts/foreground';
import { appDataRoot, appPaths } from '../../platform/paths';
import { EXIT, type Command } from '../command';

/**
 * `gatehouse connect <name>|--all --foreground`: this process holds the connections (app/hosts/
 * foreground.ts) until SIGINT or SIGTERM, printing `listening <name> 127.0.0.1:<port>` and the
 * kubeconfig to use, per resource. Next to a running host it refuses with exit 3, naming it.
 */
export const foregroundCommand: Command = async (ctx) => {
  const host = await startForeground({
    paths: appPaths(appDataRoot(ctx.env)),
    orgFile: ctx.options.org ?? ctx.env.GATEHOUSE_ORG,
    user: ctx.options.user ?? ctx.env.GATEHOUSE_USER,
    names: ctx.args,
    all: ctx.options.all === true,
  });
  for (const l of host.listeners) {
    ctx.io.out(`listening ${l.name} 127.0.0.1:${l.port}\n`);
    ctx.io.out(`kubeconfig ${l.name} ${l.kubeconfig}\n`);
  }
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse: ${signal}: disconnecting ${host.names.join(', ')}\n`);
  await host.stop();
  return EXIT.ok;
};
