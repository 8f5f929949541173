// What Gatehouse wants in the kubeconfig for one assigned resource, and the three list items that
// expresses. The server is https on loopback with the machine's local CA pinned: client-go never
// sends a bearer token over plain http (kubernetes/kubectl#744), so SPEC §5's http URL cannot work.
import { entryName } from './entry-names';
import { ownedExtension } from './ownership';

export interface DesiredEntry {
  resource: string;
  /** The loopback port of the resource's local proxy. */
  port: number;
  /** The local token for this user and resource. */
  token: string;
  /** PEM of the machine's local CA. */
  caPem: string;
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
      cluster: {
        server: `https://127.0.0.1:${entry.port}`,
        'certificate-authority-data': Buffer.from(entry.caPem).toString('base64'),
        extensions: owned,
      },
    },
    user: { name: entryName('user', resource), user: { token: entry.token, extensions: owned } },
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
    if (!Number.isInteger(entry.port) || entry.port < 1 || entry.port > 65535) {
      throw new Error(`resource "${entry.resource}": port ${entry.port} is not a TCP port`);
    }
    if (entry.token === '') throw new Error(`resource "${entry.resource}": empty local token`);
  }
}
