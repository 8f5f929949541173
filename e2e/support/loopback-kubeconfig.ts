// A kubeconfig for kubectl to one loopback listener run in the test process, shaped like the entry
// `gatehouse k8s update-config` writes (SPEC §5): server `https://127.0.0.1:<port>`, the machine's
// local CA pinned (app/domain/proxy/local-tls.ts), the local token as the bearer token (or another
// one, to play a local process that does not have it: with none, kubectl would ask for a
// username on its terminal). Written 0600 (it holds a token).
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export function writeLoopbackKubeconfig(
  file: string,
  opts: { port: number; caPem: string; resource: string; localToken: string; namespace?: string },
): string {
  const name = `gatehouse-${opts.resource}`;
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name,
        cluster: {
          server: `https://127.0.0.1:${opts.port}`,
          'certificate-authority-data': Buffer.from(opts.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name, user: { token: opts.localToken } }],
    contexts: [
      {
        name: opts.resource,
        context: { cluster: name, user: name, ...(opts.namespace ? { namespace: opts.namespace } : {}) },
      },
    ],
    'current-context': opts.resource,
  };
  writeFileSync(file, stringify(kubeconfig), { mode: 0o600 });
  return file;
}
