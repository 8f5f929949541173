// What Gatehouse wants in the kubeconfig for one assigned resource, and the three list items that
// expresses. Usually the server is https on loopback with the machine's local CA pinned: client-go
// never sends a bearer token over plain http (kubernetes/kubectl#744), so SPEC §5's http URL cannot
// work. In gateway mode with `--direct` (SPEC §10) the server is the gateway itself and the user an
// exec credential plugin (`gatehouse credential <resource>`), as kubelogin and Pinniped write theirs.
import { entryName } from './entry-names';
import { ownedExtension } from './ownership';

/** A context to the resource's loopback listener. */
export interface LoopbackEntry {
  kind?: 'loopback';
  resource: string;
  /** The loopback port of the resource's local proxy. */
  port: number;
  /** The local token for this user and resource. */
  token: string;
  /** PEM of the machine's local CA. */
  caPem: string;
}

/** The exec plugin kubectl runs for a credential (client.authentication.k8s.io/v1). */
export interface ExecPlugin {
  /** An absolute path: tools started from a desktop have a short PATH. */
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
}

/** A context straight to the gateway's `/k8s/<resource>`, authenticated by the exec plugin. */
export interface DirectEntry {
  kind: 'direct';
  resource: string;
  /** `https://gateway/k8s/<resource>`. */
  server: string;
  /** PEM of the gateway's CA; null when its certificate chains to a public root. */
  caPem: string | null;
  exec: ExecPlugin;
}

export type DesiredEntry = LoopbackEntry | DirectEntry;

/** The secret an entry writes into the file (a direct entry writes none: kubectl asks the plugin). */
export function entrySecret(entry: DesiredEntry): string | null {
  return entry.kind === 'direct' ? null : entry.token;
}

function clusterOf(entry: DesiredEntry): Record<string, unknown> {
  if (entry.kind === 'direct') return { server: entry.server, ...(entry.caPem === null ? {} : { 'certificate-authority-data': Buffer.from(entry.caPem).toString('base64') }) };
  return { server: `https://127.0.0.1:${entry.port}`, 'certificate-authority-data': Buffer.from(entry.caPem).toString('base64') };
}

function userOf(entry: DesiredEntry): Record<string, unknown> {
  if (entry.kind !== 'direct') return { token: entry.token };
  const { command, args, env } = entry.exec;
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command,
      args,
      ...(env.length > 0 ? { env } : {}),
      // It never prompts: signing in is `gatehouse login`, which the error message names.
      interactiveMode: 'Never',
      provideClusterInfo: false,
    },
  };
}

export interface DesiredItems {
  cluster: Record<string, unknown>;
  user: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** The three items for `entry`; `namespace` comes from the context being replaced, if it had one. */
export function desiredItems(entry: DesiredEntry, namespace?: string): DesiredItems {
  const { resource } = entry;
  const owned = [ownedExtension(resource)];
  return {
    cluster: {
      name: entryName('cluster', resource),
      cluster: { ...clusterOf(entry), extensions: owned },
    },
    user: { name: entryName('user', resource), user: { ...userOf(entry), extensions: owned } },
    context: {
      name: entryName('context', resource),
      context: {
        cluster: entryName('cluster', resource),
        user: entryName('user', resource),
        ...(namespace === undefined ? {} : { namespace }),
        extensions: owned,
      },
    },
  };
}

/** Programming errors in the input, caught before anything is read or written. */
export function checkDesiredEntries(entries: readonly DesiredEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.resource === '') throw new Error('a desired kubeconfig entry has an empty resource name');
    if (seen.has(entry.resource)) throw new Error(`resource "${entry.resource}" is listed twice`);
    seen.add(entry.resource);
    if (entry.kind === 'direct') {
      if (!entry.server.startsWith('https://')) throw new Error(`resource "${entry.resource}": gateway server ${entry.server} is not https://`);
      if (!entry.exec.command.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(entry.exec.command)) throw new Error(`resource "${entry.resource}": exec command ${entry.exec.command} is not an absolute path`);
      continue;
    }
    if (!Number.isInteger(entry.port) || entry.port < 1 || entry.port > 65535) {
      throw new Error(`resource "${entry.resource}": port ${entry.port} is not a TCP port`);
    }
    if (entry.token === '') throw new Error(`resource "${entry.resource}": empty local token`);
  }
}
