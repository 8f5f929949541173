// kubeconfig-file.ts reads kubeconfigs with client-node's rules without loading client-node: each
// file here is read by both, and the clusters, users, contexts and current context must be equal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { currentCluster, currentUser, parseKubeconfig, readKubeconfigFile } from './kubeconfig-file';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kubeconfig-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tokenFile = join(dir, 'token');
writeFileSync(tokenFile, 'from-token-file\n');

function file(name: string, text: string): string {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  const path = join(dir, 'sub', name);
  writeFileSync(path, text);
  return path;
}

const CASES: Array<[string, string]> = [
  [
    'token, CA data, trailing slash on the server',
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://10.0.0.1:6443/", certificate-authority-data: Q0E=}
users:
- name: u
  user: {token: abc}
contexts:
- name: x
  context: {cluster: c, user: u, namespace: team-a}
current-context: x
`,
  ],
  [
    'client certificate and key files, relative paths, CA file, tls-server-name, skip verify',
    `clusters:
- name: c
  cluster:
    server: https://k8s.example.com
    certificate-authority: ca.crt
    tls-server-name: api.internal
    insecure-skip-tls-verify: true
    proxy-url: http://proxy:3128
users:
- name: u
  user: {client-certificate: certs/u.crt, client-key: /abs/u.key}
contexts:
- {name: x, context: {cluster: c, user: u}}
current-context: x
`,
  ],
  [
    'inline certificate data, username and password, impersonation, several entries',
    `clusters:
- {name: a, cluster: {server: "https://a"}}
- {name: b, cluster: {server: "https://b", insecure-skip-tls-verify: "true"}}
users:
- {name: cert, user: {client-certificate-data: Q0VSVA==, client-key-data: S0VZ}}
- {name: basic, user: {username: admin, password: secret, as: someone}}
- {name: nouser}
contexts:
- {name: one, context: {cluster: a, user: cert}}
- {name: two, context: {cluster: b, user: basic}}
- {name: three, context: {cluster: b}}
current-context: two
`,
  ],
  [
    'exec plugin and auth provider (carried unchanged for client-node)',
    `clusters:
- {name: c, cluster: {server: "https://eks"}}
users:
- name: eks
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: aws
      args: [eks, get-token, --cluster-name, prod]
      env: [{name: AWS_PROFILE, value: prod}]
- name: gke
  user:
    auth-provider:
      name: gcp
      config: {cmd-path: /usr/bin/gcloud, cmd-args: config config-helper, token-key: "{.credential.access_token}"}
contexts:
- {name: x, context: {cluster: c, user: eks}}
current-context: x
`,
  ],
  [
    'token-file (client-node reads it when the file is loaded)',
    `clusters: [{name: c, cluster: {server: "https://c"}}]
users: [{name: u, user: {token-file: ${JSON.stringify(tokenFile)}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  ],
  [
    'YAML merge keys and no current-context',
    `base: &base {server: "https://merged"}
clusters: [{name: c, cluster: {<<: *base, certificate-authority-data: Q0E=}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
`,
  ],
  ['no lists at all', `apiVersion: v1\nkind: Config\n`],
];

function clientNodeRead(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

describe('readKubeconfigFile reads what client-node reads', () => {
  it.each(CASES)('%s', (name, text) => {
    const path = file(`${name.replace(/\W+/g, '-')}.yaml`, text);
    const theirs = clientNodeRead(path);
    const ours = readKubeconfigFile(path);
    expect(ours.clusters).toEqual(theirs.clusters);
    expect(ours.users).toEqual(theirs.users);
    expect(ours.contexts).toEqual(theirs.contexts);
    expect(ours.currentContext).toEqual(theirs.currentContext);
    expect(currentCluster(ours)).toEqual(theirs.getCurrentCluster());
    expect(currentUser(ours)).toEqual(theirs.getCurrentUser());
  });
});

describe('readKubeconfigFile refuses what client-node refuses', () => {
  it.each([
    ['clusters: [{cluster: {server: "https://x"}}]', 'clusters[0].name is missing'],
    ['clusters: [{name: c}]', 'clusters[0].cluster is missing'],
    ['clusters: [{name: c, cluster: {certificate-authority-data: Q0E=}}]', 'clusters[0].cluster.server is missing'],
    ['users: [{user: {token: t}}]', 'users[0].name is missing'],
    ['contexts: [{name: x}]', 'contexts[0].context is missing'],
    ['contexts: [{name: x, context: {user: u}}]', 'contexts[0].context.cluster is missing'],
  ])('%s → %s', (text, message) => {
    const path = file('bad.yaml', text);
    expect(() => clientNodeRead(path)).toThrow(message);
    expect(() => readKubeconfigFile(path)).toThrow(message);
  });

  it('says what is wrong with a file that is not a kubeconfig, or not YAML', () => {
    expect(() => parseKubeconfig('')).toThrow(/not a kubeconfig/);
    expect(() => parseKubeconfig('- a list')).toThrow(/not a kubeconfig/);
    expect(() => parseKubeconfig('clusters: [')).toThrow();
    expect(() => parseKubeconfig('clusters: [{name: c, cluster: {server: 6443}}]')).toThrow(
      'clusters[0].cluster.server is not a string',
    );
  });

  it('names the missing token-file as client-node does', () => {
    const path = file('missing-token.yaml', `users: [{name: u, user: {token-file: ${join(dir, 'nope')}}}]`);
    expect(() => clientNodeRead(path)).toThrow(/ENOENT/);
    expect(() => readKubeconfigFile(path)).toThrow(/ENOENT/);
  });
});
