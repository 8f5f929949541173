// `cluster: {inCluster: true}`: the ServiceAccount directory and KUBERNETES_SERVICE_HOST/PORT make
// the upstream, the token is re-read as the kubelet rotates it, and a missing piece is a
// CredentialError that names what is missing (never the token).
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { OrgResource } from '../../../shared/org';
import { CredentialError } from './upstream';
import { DEFAULT_SERVICE_ACCOUNT_DIR, inClusterAsInline, inClusterServer, serviceAccountDir } from './in-cluster';
import { upstreamForResource } from './upstream-for-resource';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'GATEHOUSE_SERVICEACCOUNT_DIR']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function resource(cluster: OrgResource['cluster']): OrgResource {
  return { name: 'home', type: 'kubernetes-user-impersonation', tags: {}, healthcheckNamespace: 'default', cluster };
}

describe('in-cluster ServiceAccount', () => {
  it('takes the directory from the resource, else the env, else the kubelet mount', () => {
    expect(serviceAccountDir({ inCluster: true, serviceAccountDir: '/a' }, { GATEHOUSE_SERVICEACCOUNT_DIR: '/b' })).toBe('/a');
    expect(serviceAccountDir({ inCluster: true }, { GATEHOUSE_SERVICEACCOUNT_DIR: '/b' })).toBe('/b');
    expect(serviceAccountDir({ inCluster: true }, {})).toBe(DEFAULT_SERVICE_ACCOUNT_DIR);
  });

  it('builds the server like client-go (IPv6 in brackets) and refuses outside a cluster', () => {
    expect(inClusterServer('home', { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' })).toBe('https://10.96.0.1:443');
    expect(inClusterServer('home', { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' })).toBe('https://[fd00::1]:443');
    expect(() => inClusterServer('home', {})).toThrow(/resource "home".*KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT/);
    expect(() => inClusterServer('home', { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: 'x' })).toThrow(CredentialError);
    expect(inClusterAsInline('home', { inCluster: true, serviceAccountDir: '/sa' }, { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '6443' })).toEqual({
      server: 'https://h:6443',
      certificateAuthority: '/sa/ca.crt',
      tokenFile: '/sa/token',
    });
  });

  it('sends the ServiceAccount token and picks up a rotated one', async () => {
    const sa = mkdtempSync(join(dir, 'sa-'));
    writeFileSync(join(sa, 'token'), 'first-token\n');
    // Any PEM bytes: the CA is only used once a connection is made.
    writeFileSync(join(sa, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '6443';
    process.env.GATEHOUSE_SERVICEACCOUNT_DIR = sa;
    const upstream = upstreamForResource(resource({ inCluster: true }));
    try {
      expect(upstream.server.href).toBe('https://127.0.0.1:6443/');
      const first = await upstream.target();
      expect(first.headers.Authorization).toBe('Bearer first-token');
      expect(String(first.connection.ca)).toBe(readFileSync(join(sa, 'ca.crt'), 'utf8'));
      writeFileSync(join(sa, 'token'), 'second-token\n');
      // A rotation is seen by its mtime; make sure it differs even on a coarse clock.
      utimesSync(join(sa, 'token'), new Date(), new Date(Date.now() + 5_000));
      expect((await upstream.target()).headers.Authorization).toBe('Bearer second-token');
    } finally {
      upstream.close();
    }
  });

  it('a missing token file is a CredentialError naming the file', async () => {
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '6443';
    const empty = mkdtempSync(join(dir, 'none-'));
    writeFileSync(join(empty, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const upstream = upstreamForResource(resource({ inCluster: true, serviceAccountDir: empty }));
    try {
      await expect(upstream.target()).rejects.toThrow(new RegExp(`token file ${join(empty, 'token')}: ENOENT`));
    } finally {
      upstream.close();
    }
  });
});

describe('in-cluster ServiceAccount for the admin tools', () => {
  it('gives the doctor the same server, CA and current token', async () => {
    const { leasedKubeConfig } = await import('../admin/leased-kubeconfig');
    const sa = mkdtempSync(join(dir, 'admin-'));
    writeFileSync(join(sa, 'token'), 'admin-view-token\n');
    writeFileSync(join(sa, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    const kc = await leasedKubeConfig(resource({ inCluster: true, serviceAccountDir: sa }));
    expect(kc.getCurrentCluster()?.server).toBe('https://10.96.0.1:443');
    expect(kc.getCurrentCluster()?.caFile).toBe(join(sa, 'ca.crt'));
    expect(kc.getCurrentUser()?.token).toBe('admin-view-token');
  });
});
