// A kubeconfig of Gatehouse's own for one connected resource (app data, mode 0600), so
// `connect --foreground` is usable without touching ~/.kube/config: KUBECONFIG=<file> kubectl …
// Names follow SPEC §5: cluster and user `gatehouse-<name>`, context `<name>`; the server is
// https with the machine's local CA pinned (see proxy/local-tls.ts).
import { stringify } from 'yaml';
import { join } from 'node:path';
import { writeFileAtomic } from '../../platform/atomic-write';

export function standaloneKubeconfig(resource: string, port: number, token: string, caPem: string): string {
  const entry = `gatehouse-${resource}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: entry,
        cluster: {
          server: `https://127.0.0.1:${port}`,
          'certificate-authority-data': Buffer.from(caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: entry, user: { token } }],
    contexts: [{ name: resource, context: { cluster: entry, user: entry } }],
    'current-context': resource,
  });
}

export function writeStandaloneKubeconfig(
  dir: string,
  resource: string,
  port: number,
  token: string,
  caPem: string,
): string {
  const file = join(dir, `${resource}.kubeconfig`);
  writeFileAtomic(file, standaloneKubeconfig(resource, port, token, caPem), 0o600);
  return file;
}
