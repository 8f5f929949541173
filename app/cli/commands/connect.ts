import { createGatehouseApp } from '../../core/create-app';
import { resourceLookupError } from '../../connections/resource-lookup';
import { writeStandaloneKubeconfig } from '../../connections/standalone-kubeconfig';
import { appPaths, appDataRoot } from '../../paths';
import { CliError, EXIT, type Command } from '../command';
import { exitCodeFor } from '../agent-connection';
import { changeConnections } from './status';
import { loadSessionOrg, sessionIdentity, sessionUser } from '../session';

/**
 * `gatehouse connect <name>|--all [--foreground]`. Without --foreground the agent connects (started
 * in the background if needed). With it, this process runs the connection manager itself until
 * SIGINT or SIGTERM — org-file changes and health checks included — and prints
 * `listening <name> 127.0.0.1:<port>` and the kubeconfig to use, per resource.
 */
export const connectCommand: Command = async (ctx) => {
  if (!ctx.options.foreground) return changeConnections(ctx, 'connections.connect');
  const { file, org } = await loadSessionOrg(ctx);
  const user = sessionUser(ctx);
  const identity = sessionIdentity(org, file, user);
  const wanted = ctx.options.all ? identity.resources : ctx.args;
  if (wanted.length === 0) {
    throw new CliError(ctx.options.all ? `no resources are assigned to ${user}` : 'name a resource or pass --all', EXIT.usage);
  }
  for (const name of wanted) {
    // The agent's manager says the same, with the same kind, for `connect` without --foreground.
    const problem = resourceLookupError(org, file, user, identity.resources, name);
    if (problem) throw new CliError(problem.message, exitCodeFor(problem.code));
  }

  const paths = appPaths(appDataRoot(ctx.env));
  const { core } = createGatehouseApp(paths, { mode: 'agent' });
  try {
    await core.signIn(file, user);
    await core.manager().connect(wanted);
  } catch (err) {
    await core.close();
    throw new CliError((err as Error).message, EXIT.failure);
  }
  for (const status of core.manager().statuses()) {
    if (!wanted.includes(status.name) || status.port === null) continue;
    const kubeconfig = writeStandaloneKubeconfig(paths.kubeconfigs, status.name, status.port, core.tokens.get(user, status.name), core.tls.caPem);
    ctx.io.out(`listening ${status.name} 127.0.0.1:${status.port}\n`);
    ctx.io.out(`kubeconfig ${status.name} ${kubeconfig}\n`);
  }
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse: ${signal}: disconnecting ${wanted.join(', ')}\n`);
  await core.close();
  return EXIT.ok;
};
