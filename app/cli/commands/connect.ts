import { JsonlLog } from '../../audit/jsonl-log';
import { createResourceProxy, AccessError } from '../../connections/resource-proxy';
import { writeStandaloneKubeconfig } from '../../connections/standalone-kubeconfig';
import { appPaths, appDataRoot } from '../../paths';
import type { ImpersonatingProxy } from '../../proxy/server';
import { PortStore } from '../../state/port-store';
import { TokenStore } from '../../state/token-store';
import { ensureLocalTls } from '../../proxy/local-tls';
import type { RequestRecord } from '../../../shared/activity';
import { CliError, EXIT, type Command } from '../command';
import { changeConnections } from './status';
import { loadSessionOrg, sessionIdentity, sessionUser } from '../session';

/**
 * `gatehouse connect <name>|--all --foreground`: runs the proxies in this process until SIGINT or
 * SIGTERM. Prints `listening <name> 127.0.0.1:<port>` per listener and the kubeconfig to use.
 */
export const connectCommand: Command = async (ctx) => {
  // Without --foreground the agent connects (started in the background if needed).
  if (!ctx.options.foreground) return changeConnections(ctx, 'connections.connect');
  const { file, org } = await loadSessionOrg(ctx);
  const user = sessionUser(ctx);
  const identity = sessionIdentity(org, file, user);
  const wanted = ctx.options.all ? identity.resources : ctx.args;
  if (wanted.length === 0) {
    throw new CliError(ctx.options.all ? `no resources are assigned to ${user}` : 'name a resource or pass --all', EXIT.usage);
  }
  const paths = appPaths(appDataRoot(ctx.env));
  const ports = new PortStore(paths.ports);
  const tokens = new TokenStore(paths.tokens);
  const requestLog = new JsonlLog<RequestRecord>(paths.requestLog);
  const tls = ensureLocalTls(paths.tls);
  const fixedPorts = new Set(org.resources.flatMap((r) => (r.port === undefined ? [] : [r.port])));

  const proxies: ImpersonatingProxy[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(proxies.map((p) => p.close()));
    await requestLog.close();
  };
  try {
    for (const name of wanted) {
      const resource = org.resources.find((r) => r.name === name);
      if (!resource) throw new CliError(`unknown resource "${name}" (the org file ${file} has: ${org.resources.map((r) => r.name).join(', ')})`, EXIT.usage);
      if (!identity.resources.includes(name)) throw new CliError(`resource "${name}" is not assigned to ${user} (assigned: ${identity.resources.join(', ') || 'none'})`, EXIT.refused);
      const port = await ports.portFor(name, resource.port, fixedPorts);
      const proxy = createResourceProxy({
        org: () => org,
        user,
        resource,
        port,
        localToken: () => tokens.get(user, name),
        paths,
        requestLog,
        tls,
      });
      try {
        await proxy.listen();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          const how = resource.port === undefined ? `change it in ${paths.ports}` : `change "port:" of resource "${name}" in ${file}`;
          throw new CliError(`port ${port} for resource "${name}" is already in use on 127.0.0.1; stop what uses it or ${how}`, EXIT.failure);
        }
        throw err;
      }
      proxies.push(proxy);
      const kubeconfig = writeStandaloneKubeconfig(paths.kubeconfigs, name, port, tokens.get(user, name), tls.caPem);
      ctx.io.out(`listening ${name} 127.0.0.1:${port}\n`);
      ctx.io.out(`kubeconfig ${name} ${kubeconfig}\n`);
    }
  } catch (err) {
    await stopAll();
    if (err instanceof AccessError) throw new CliError(err.message, EXIT.refused);
    throw err;
  }
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse: ${signal}: disconnecting ${proxies.map((p) => p.resource).join(', ')}\n`);
  await stopAll();
  return EXIT.ok;
};
