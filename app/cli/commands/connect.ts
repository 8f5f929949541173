import { GatehouseError } from '../../../shared/errors';
import { describeHost } from '../../../shared/host-mode';
import { AnotherHostError, startHost } from '../../hosts/start-host';
import { resourceLookupError } from '../../connections/resource-lookup';
import { writeStandaloneKubeconfig } from '../../connections/standalone-kubeconfig';
import { appPaths, appDataRoot } from '../../paths';
import { EXIT, type Command } from '../command';
import { changeConnections } from './status';
import { loadSessionOrg, sessionIdentity, sessionUser } from '../session';

/**
 * `gatehouse connect <name>|--all [--foreground]`. Without --foreground the agent connects (started
 * in the background if needed). With it, this process runs the connection manager itself until
 * SIGINT or SIGTERM — org-file changes and health checks included — and prints
 * `listening <name> 127.0.0.1:<port>` and the kubeconfig to use, per resource. It serves the
 * control socket meanwhile (status/connect/disconnect elsewhere reach it); next to a running host
 * (the agent, the desktop app, browser mode) it refuses with exit 3, naming that host.
 */
export const connectCommand: Command = async (ctx) => {
  if (!ctx.options.foreground) return changeConnections(ctx, 'connections.connect');
  const { file, org } = await loadSessionOrg(ctx);
  const user = sessionUser(ctx);
  const identity = sessionIdentity(org, file, user);
  const wanted = ctx.options.all ? identity.resources : ctx.args;
  if (wanted.length === 0) {
    throw new GatehouseError(
      'usage',
      ctx.options.all ? `no resources are assigned to ${user}` : 'name a resource or pass --all',
    );
  }
  for (const name of wanted) {
    // The agent's manager says the same, with the same kind, for `connect` without --foreground.
    const problem = resourceLookupError(org, file, user, identity.resources, name);
    if (problem) throw problem;
  }

  // This process holds the connections and serves the control socket, so `gatehouse status`,
  // `connect` and `disconnect` in another terminal talk to it. It never attaches: next to a running
  // host it refuses, naming that host, because it could not promise the ports it prints.
  const paths = appPaths(appDataRoot(ctx.env));
  let host;
  try {
    host = await startHost({ paths, mode: 'foreground', signIn: { orgFile: file, user }, whenAnotherRuns: 'refuse' });
  } catch (err) {
    if (err instanceof AnotherHostError) {
      throw new GatehouseError(
        'refused',
        `${describeHost(err.running)} already holds the connections for this user: connect through it with \`gatehouse connect ${ctx.options.all ? '--all' : wanted.join(' ')}\` (\`gatehouse status\` shows the ports), or stop it first`,
      );
    }
    throw err;
  }
  const core = host.core;
  try {
    if (!core) throw new Error('connect --foreground attached to another host'); // cannot happen: it refuses instead
    await core.manager().connect(wanted);
  } catch (err) {
    await host.stop();
    // Its kind, decided where it arose, is the exit code (a taken port: `unavailable`, exit 1).
    throw err;
  }
  for (const status of core.manager().statuses()) {
    if (!wanted.includes(status.name) || status.port === null) continue;
    const kubeconfig = writeStandaloneKubeconfig(
      paths.kubeconfigs,
      status.name,
      status.port,
      core.tokens.get(user, status.name),
      core.tls.caPem,
    );
    ctx.io.out(`listening ${status.name} 127.0.0.1:${status.port}\n`);
    ctx.io.out(`kubeconfig ${status.name} ${kubeconfig}\n`);
  }
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse: ${signal}: disconnecting ${wanted.join(', ')}\n`);
  await host.stop();
  return EXIT.ok;
};
