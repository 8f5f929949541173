// A kubeconfig file's server is only known when the proxy reads it: the plain-http rule of the org
// schema (shared/org-schema-plain-http.ts) is applied there, and again for inline servers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrgResource } from '../../../shared/org';
import { CredentialError } from './upstream';
import { upstreamForResource } from './upstream-for-resource';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-upstream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'leased-secret-token-value';

function kubeconfigFile(server: string): string {
  const file = join(dir, `kc-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters: [{name: leased, cluster: {server: "${server.replaceAll('\\', '\\\\')}"}}]
users: [{name: leased, user: {token: ${SECRET}}}]
contexts: [{name: leased, context: {cluster: leased, user: leased}}]
current-context: leased
`,
  );
  return file;
}

function resource(cluster: OrgResource['cluster'], insecureHttp?: boolean): OrgResource {
  return {
    name: 'staging',
    type: 'kubernetes-user-impersonation',
    tags: {},
    healthcheckNamespace: 'default',
    cluster,
    ...(insecureHttp === undefined ? {} : { insecureHttp }),
  };
}

/** The CredentialError message, or null when the upstream was built. */
function refusal(r: OrgResource): string | null {
  try {
    upstreamForResource(r).close();
    return null;
  } catch (err) {
    if (!(err instanceof CredentialError)) throw err;
    return err.message;
  }
}

describe('a kubeconfig-file credential with an http:// server', () => {
  it.each([
    // server, insecureHttp, accepted?
    ['https://10.0.0.1:6443', undefined, true],
    ['http://127.0.0.1:8001', undefined, true],
    ['http://127.9.9.9:8001', undefined, true],
    ['http://localhost:8001', undefined, true],
    ['http://[::1]:8001', undefined, true],
    ['http://127.1:8001', undefined, true], // the URL parser makes this 127.0.0.1, where Node connects
    ['http://2130706433:8001', undefined, true], // likewise
    ['http://10.0.0.1:8080', true, true],
    ['http://10.0.0.1:8080', undefined, false],
    ['http://10.0.0.1:8080', false, false],
    ['http://k8s.example.com', undefined, false],
    ['http://127.0.0.1@k8s.example.com', undefined, false],
    ['http://k8s.example.com\\@127.0.0.1', undefined, false],
    ['http://[::ffff:127.0.0.1]:8001', undefined, false],
  ])('server %s, insecureHttp %s → accepted %s', (server, insecureHttp, accepted) => {
    const file = kubeconfigFile(server);
    const message = refusal(resource({ kubeconfig: file }, insecureHttp));
    if (accepted) {
      expect(message).toBeNull();
      return;
    }
    expect(message).toMatch(
      new RegExp(`^kubeconfig ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cluster "leased" server http://\\S+: ` +
        'http:// would send the leased credential in clear text; use https://, a loopback server ' +
        '\\(127\\.0\\.0\\.0/8, ::1, localhost\\), or set "insecureHttp: true" on resource "staging" in the org file$'),
    );
    expect(message).not.toContain(SECRET);
  });

  it('names the cluster, its server and the kubeconfig file', () => {
    const file = kubeconfigFile('http://10.0.0.1:8080');
    expect(refusal(resource({ kubeconfig: file }))).toContain(`kubeconfig ${file}: cluster "leased" server http://10.0.0.1:8080:`);
  });
});

describe('an inline http:// server (already refused by the org schema) is refused by the proxy too', () => {
  it.each([
    ['http://10.0.0.1:8080', undefined, false],
    ['http://10.0.0.1:8080', true, true],
    ['http://127.0.0.1:8080', undefined, true],
  ])('server %s, insecureHttp %s → accepted %s', (server, insecureHttp, accepted) => {
    const message = refusal(resource({ server, token: SECRET }, insecureHttp));
    if (accepted) expect(message).toBeNull();
    else expect(message).toMatch(/^org resource "staging" \(inline cluster\): cluster "gatehouse-leased-staging" server http:\/\/10\.0\.0\.1:8080: http:\/\/ would send/);
  });
});
