// Starts the trivial upstream and writes what the three paths need to reach it: a kubeconfig
// (server, CA, a token it ignores) for the direct client and `kubectl proxy`, and an org file with
// one resource pointing at it for `gatehouse connect`. The user has the same roles as in the demo
// org, so Gatehouse sends the same Impersonate-* headers as for the real cluster.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLocalTls } from '../../app/domain/proxy/local-tls';
import { startChild, type Child } from '../lib/child';

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
// `--import tsx` is resolved from the working directory: the repository root.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Trivial extends Child {
  kubeconfig: string;
  org: string;
  resource: string;
}

export async function startTrivial(dir: string, user: string, roles: readonly string[]): Promise<Trivial> {
  // The local CA code issues a certificate for 127.0.0.1: the same kind of TLS as a real cluster.
  const tls = ensureLocalTls(join(dir, 'tls'));
  writeFileSync(join(dir, 'server.crt'), tls.certPem);
  writeFileSync(join(dir, 'server.key'), tls.keyPem, { mode: 0o600 });
  const child = await startChild({
    command: process.execPath,
    args: ['--import', 'tsx', SERVER, join(dir, 'server.crt'), join(dir, 'server.key')],
    cwd: ROOT,
    ready: /^listening (\d+)$/,
  });
  const kubeconfig = join(dir, 'trivial.kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'trivial',
          cluster: {
            server: `https://127.0.0.1:${child.ready[1]!}`,
            'certificate-authority-data': Buffer.from(tls.caPem).toString('base64'),
          },
        },
      ],
      users: [{ name: 'trivial', user: { token: 'trivial-upstream-ignores-this-token' } }],
      contexts: [{ name: 'trivial', context: { cluster: 'trivial', user: 'trivial' } }],
      'current-context': 'trivial',
    }),
    { mode: 0o600 },
  );
  const org = join(dir, 'org.yaml');
  writeFileSync(
    org,
    JSON.stringify({
      users: [{ email: user, name: 'Bench User', roles }],
      roles: roles.map((name) => ({ name, rules: [{ resources: ['trivial'] }] })),
      resources: [{ name: 'trivial', type: 'kubernetes-user-impersonation', cluster: { kubeconfig } }],
    }),
  );
  return { ...child, kubeconfig, org, resource: 'trivial' };
}
