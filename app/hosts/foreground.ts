// `connect --foreground` as a host: this process runs the connection manager for the named
// resources until it is stopped — org-file changes and health checks included — and serves the
// control socket meanwhile, so status/connect/disconnect elsewhere reach it. It never attaches:
// next to a running host it refuses, naming that host, because it could not promise the ports it
// reports.
import { GatehouseError } from '../../shared/errors';
import { describeHost } from '../../shared/host-mode';
import { resourceLookupError } from '../services/connections/resource-lookup';
import { writeStandaloneKubeconfig } from '../services/connections/standalone-kubeconfig';
import type { AppPaths } from '../platform/paths';
import { foregroundIdentity, foregroundUser, loadForegroundOrg, type ForegroundChoice } from './foreground-session';
import { AnotherHostError, startHost } from './start-host';

export interface ForegroundRequest extends ForegroundChoice {
  paths: AppPaths;
  /** The resources to connect; `all` takes every assigned one. */
  names: string[];
  all: boolean;
}

export interface ForegroundListener {
  name: string;
  port: number;
  /** A kubeconfig for this one resource (app data), for `KUBECONFIG=… kubectl`. */
  kubeconfig: string;
}

export interface ForegroundHost {
  listeners: ForegroundListener[];
  /** The resources it was asked for, for messages. */
  names: string[];
  stop(): Promise<void>;
}

export async function startForeground(request: ForegroundRequest): Promise<ForegroundHost> {
  const { paths } = request;
  const { file, org } = await loadForegroundOrg(paths, request);
  const user = foregroundUser(paths, request);
  const identity = foregroundIdentity(org, file, user);
  const wanted = request.all ? identity.resources : request.names;
  if (wanted.length === 0) {
    throw new GatehouseError('usage', request.all ? `no resources are assigned to ${user}` : 'name a resource or pass --all');
  }
  for (const name of wanted) {
    // The agent's manager says the same, with the same kind, for `connect` without --foreground.
    const problem = resourceLookupError(org, file, user, identity.resources, name);
    if (problem) throw problem;
  }
  let host;
  try {
    host = await startHost({ paths, mode: 'foreground', signIn: { orgFile: file, user }, whenAnotherRuns: 'refuse' });
  } catch (err) {
    if (err instanceof AnotherHostError) {
      throw new GatehouseError(
        'refused',
        `${describeHost(err.running)} already holds the connections for this user: connect through it with \`gatehouse connect ${request.all ? '--all' : wanted.join(' ')}\` (\`gatehouse status\` shows the ports), or stop it first`,
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
  const listeners: ForegroundListener[] = [];
  for (const status of core.manager().statuses()) {
    if (!wanted.includes(status.name) || status.port === null) continue;
    const kubeconfig = writeStandaloneKubeconfig(paths.kubeconfigs, status.name, status.port, core.tokens.get(user, status.name), core.tls.caPem);
    listeners.push({ name: status.name, port: status.port, kubeconfig });
  }
  return { listeners, names: wanted, stop: () => host.stop() };
}
