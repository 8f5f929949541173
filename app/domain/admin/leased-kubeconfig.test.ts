import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { OrgResource } from '../../../shared/org';
import { CredentialError } from '../proxy/upstream';
import { leasedKubeConfig } from './leased-kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-leased-kc-'));

function resource(cluster: OrgResource['cluster']): OrgResource {
  return { name: 'staging', type: 'kubernetes-user-impersonation', tags: {}, healthcheckNamespace: 'default', cluster };
}

async function authorization(resourceCluster: OrgResource['cluster']): Promise<string | undefined> {
  const opts: { headers: Record<string, string> } = { headers: {} };
  await (await leasedKubeConfig(resource(resourceCluster))).applyToHTTPSOptions(opts);
  return opts.headers.Authorization;
}

describe('leasedKubeConfig', () => {
  it('builds the inline form, reading (and trimming) a token file', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'from-file\n');
    expect(await authorization({ server: 'https://10.0.0.1:6443', tokenFile })).toBe('Bearer from-file');
    expect(await authorization({ server: 'https://10.0.0.1:6443', token: 'inline' })).toBe('Bearer inline');
  });

  it('loads the kubeconfig form with its context, and names the file when the context is missing', async () => {
    const file = join(dir, 'leased.kubeconfig');
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.2:6443' } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'leased', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    expect(
      (await leasedKubeConfig(resource({ kubeconfig: file, context: 'leased' }))).getCurrentCluster()?.server,
    ).toBe('https://10.0.0.2:6443');
    await expect(leasedKubeConfig(resource({ kubeconfig: file, context: 'other' }))).rejects.toThrow(
      new CredentialError(`kubeconfig ${file}: context "other" not found (has: leased)`),
    );
    await expect(leasedKubeConfig(resource({ kubeconfig: file }))).rejects.toThrow(/no current-context/);
  });

  it('refuses what the proxy refuses, and reports an empty token file', async () => {
    const impersonating = join(dir, 'as.kubeconfig');
    writeFileSync(
      impersonating,
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.3:6443' } }],
        users: [{ name: 'u', user: { token: 't', as: 'someone' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    await expect(leasedKubeConfig(resource({ kubeconfig: impersonating }))).rejects.toThrow(
      /the leased credential must not impersonate/,
    );
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    await expect(leasedKubeConfig(resource({ server: 'https://x', tokenFile: empty }))).rejects.toThrow(
      `token file ${empty} is empty`,
    );
    await expect(leasedKubeConfig(resource({ server: 'https://x', tokenFile: join(dir, 'nope') }))).rejects.toThrow(
      /ENOENT/,
    );
  });

  it('lets client-node talk plain http:// (no TLS to verify), as the proxy does', async () => {
    const skipTLSVerify = async (server: string) =>
      (await leasedKubeConfig(resource({ server, token: 'x' }))).getCurrentCluster()?.skipTLSVerify;
    expect(await skipTLSVerify('http://127.0.0.1:8001')).toBe(true);
    expect(await skipTLSVerify('https://127.0.0.1:6443')).toBe(false);
  });
});
