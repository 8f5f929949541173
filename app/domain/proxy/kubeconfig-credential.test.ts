// The leased credential applied without client-node (token, client certificate, basic auth, CA)
// must be what client-node's KubeConfig.applyToHTTPSOptions gives for the same kubeconfig; exec
// plugins and auth providers are handed to client-node itself, which runs the plugin once while
// its credential is valid.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { KubeconfigCredential, needsClientNode, type CredentialOptions } from './kubeconfig-credential';
import { currentUser, readKubeconfigFile } from './kubeconfig-file';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-kubeconfig-credential-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ca.crt'), 'CA FROM FILE');
writeFileSync(join(dir, 'client.crt'), 'CERT FROM FILE');
writeFileSync(join(dir, 'client.key'), 'KEY FROM FILE');

function kubeconfig(name: string, cluster: string, user: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `clusters: [{name: c, cluster: ${cluster}}]
users: [{name: u, user: ${user}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
  return path;
}

/** What our path and client-node's put on the request, side by side (the agent client-node makes is left out). */
async function both(path: string): Promise<{ ours: CredentialOptions; theirs: CredentialOptions }> {
  const ours: CredentialOptions = { headers: {} };
  await new KubeconfigCredential(readKubeconfigFile(path)).apply(ours);
  delete (ours as https.RequestOptions).agent; // client-node's own, when it worked the credential out
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const theirs: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(theirs);
  delete theirs.agent;
  return { ours, theirs };
}

describe('static credentials, applied as client-node applies them', () => {
  it.each([
    ['token', '{server: "https://c"}', '{token: leased-token}'],
    [
      'inline CA and client certificate',
      '{server: "https://c", certificate-authority-data: Q0E=}',
      '{client-certificate-data: Q0VSVA==, client-key-data: S0VZ}',
    ],
    [
      'CA, certificate and key files, relative to the kubeconfig',
      '{server: "https://c", certificate-authority: ca.crt}',
      '{client-certificate: client.crt, client-key: client.key}',
    ],
    [
      'the file wins over inline data',
      '{server: "https://c", certificate-authority: ca.crt, certificate-authority-data: Q0E=}',
      '{token: t}',
    ],
    [
      'insecure-skip-tls-verify and tls-server-name',
      '{server: "https://c", insecure-skip-tls-verify: true, tls-server-name: api.internal}',
      '{token: t}',
    ],
    ['username and password', '{server: "https://c"}', '{username: admin, password: "p:w"}'],
    ['username without a password', '{server: "https://c"}', '{username: admin}'],
    ['token and username both', '{server: "https://c"}', '{token: t, username: admin, password: p}'],
    ['token-file', '{server: "https://c"}', `{token-file: ${JSON.stringify(join(dir, 'ca.crt'))}}`],
    ['no credential at all', '{server: "https://c"}', '{}'],
  ])('%s', async (name, cluster, user) => {
    const path = kubeconfig(name.replace(/\W+/g, '-'), cluster, user);
    expect(needsClientNode(currentUser(readKubeconfigFile(path))!)).toBe(false);
    const { ours, theirs } = await both(path);
    expect(ours).toEqual(theirs);
  });

  it('names a missing certificate file as client-node does', async () => {
    const path = kubeconfig('missing', '{server: "https://c"}', `{client-certificate: ${join(dir, 'nope.crt')}}`);
    await expect(new KubeconfigCredential(readKubeconfigFile(path)).apply({ headers: {} })).rejects.toThrow(
      /ENOENT: no such file or directory, open '.*nope\.crt'/,
    );
  });
});

describe('exec plugins and auth providers, worked out by client-node', () => {
  function plugin(name: string, output: string): { command: string; calls: string } {
    const calls = join(dir, `${name}.calls`);
    writeFileSync(calls, '');
    const command = join(dir, `${name}.mjs`);
    writeFileSync(
      command,
      `#!${process.execPath}
import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(calls)}, 'x');
process.stdout.write(${JSON.stringify(output)});
`,
    );
    chmodSync(command, 0o755);
    return { command, calls };
  }

  it('runs an exec plugin once while its credential is valid, on the same credential object', async () => {
    const expirationTimestamp = new Date(Date.now() + 3_600_000).toISOString();
    const { command, calls } = plugin(
      'exec',
      JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1',
        kind: 'ExecCredential',
        status: { token: 'from-plugin', expirationTimestamp },
      }),
    );
    const path = kubeconfig(
      'exec',
      '{server: "https://c", certificate-authority-data: Q0E=}',
      `{exec: {apiVersion: client.authentication.k8s.io/v1, command: ${command}, interactiveMode: Never}}`,
    );
    expect(needsClientNode(currentUser(readKubeconfigFile(path))!)).toBe(true);
    const credential = new KubeconfigCredential(readKubeconfigFile(path));
    for (let i = 0; i < 3; i++) {
      const opts: CredentialOptions = { headers: {} };
      await credential.apply(opts);
      expect(opts.headers).toEqual({ Authorization: 'Bearer from-plugin' });
      expect(opts.ca).toEqual(Buffer.from('CA'));
    }
    expect(readFileSync(calls, 'utf8')).toBe('x');
  });

  it('asks a gcp-style auth provider for its token', async () => {
    const { command } = plugin(
      'gcp',
      JSON.stringify({
        credential: { access_token: 'from-provider', token_expiry: new Date(Date.now() + 3_600_000).toISOString() },
      }),
    );
    const path = kubeconfig(
      'gcp',
      '{server: "https://c"}',
      `{auth-provider: {name: gcp, config: {cmd-path: ${command}, cmd-args: "", token-key: "{.credential.access_token}", expiry-key: "{.credential.token_expiry}"}}}`,
    );
    const { ours, theirs } = await both(path);
    expect(ours.headers).toEqual({ Authorization: 'Bearer from-provider' });
    expect(ours).toEqual(theirs);
  });

  it('reads the token file an auth provider names', async () => {
    const tokenFile = join(dir, 'provider-token');
    writeFileSync(tokenFile, 'from-provider-file');
    const path = kubeconfig(
      'token-file-provider',
      '{server: "https://c"}',
      `{auth-provider: {name: tokenFile, config: {tokenFile: ${tokenFile}}}}`,
    );
    const { ours } = await both(path);
    expect(ours.headers).toEqual({ Authorization: 'Bearer from-provider-file' });
  });
});
