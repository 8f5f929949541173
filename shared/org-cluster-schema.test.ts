// The `inCluster: true` form of a resource's cluster block (SPEC §10): accepted alone (optionally
// with serviceAccountDir), refused with a message at the offending key when mixed with the others.
import { describe, expect, it } from 'vitest';
import { formatOrgPath, parseOrg } from './org';

function orgWith(cluster: unknown): unknown {
  return {
    users: [{ email: 'alice@example.com', roles: ['Engineering'] }],
    roles: [{ name: 'Engineering', rules: [{ resources: ['staging'] }] }],
    resources: [{ name: 'staging', type: 'kubernetes-user-impersonation', cluster }],
  };
}

function lines(cluster: unknown): string[] {
  const result = parseOrg(orgWith(cluster));
  if (result.ok) throw new Error('expected problems, the org was accepted');
  return result.problems.map((p) => `${formatOrgPath(p.path)}: ${p.message}`);
}

function accepted(cluster: unknown): unknown {
  const result = parseOrg(orgWith(cluster));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.org.resources[0]?.cluster;
}

describe('cluster: inCluster', () => {
  it('accepts inCluster: true alone and with a serviceAccountDir', () => {
    expect(accepted({ inCluster: true })).toEqual({ inCluster: true });
    expect(accepted({ inCluster: true, serviceAccountDir: 'sa' })).toEqual({ inCluster: true, serviceAccountDir: 'sa' });
  });

  it('refuses inCluster: false and non-booleans, naming the key', () => {
    expect(lines({ inCluster: false })).toEqual(['resources[0].cluster.inCluster: must be true (or leave it out and use "kubeconfig" or "server")']);
    expect(lines({ inCluster: 'yes' })).toEqual(['resources[0].cluster.inCluster: must be true (or leave it out and use "kubeconfig" or "server")']);
  });

  it('refuses every other credential field next to it, at that field', () => {
    expect(lines({ inCluster: true, kubeconfig: 'k', token: 't' })).toEqual([
      expect.stringMatching(/^resources\[0\]\.cluster\.kubeconfig: "inCluster: true" uses the gateway's own ServiceAccount/),
      expect.stringMatching(/^resources\[0\]\.cluster\.token: "inCluster: true" uses the gateway's own ServiceAccount/),
    ]);
    expect(lines({ inCluster: true, server: 'https://k8s' })).toEqual([expect.stringMatching(/^resources\[0\]\.cluster\.server: "inCluster: true"/)]);
  });

  it('refuses serviceAccountDir without inCluster, and empty dirs', () => {
    expect(lines({ kubeconfig: 'k', serviceAccountDir: 'sa' })).toEqual(['resources[0].cluster.serviceAccountDir: only applies together with "inCluster: true"']);
    expect(lines({ inCluster: true, serviceAccountDir: '' })).toEqual(['resources[0].cluster.serviceAccountDir: must not be empty']);
  });

  it('still lists inCluster among the allowed keys on a typo', () => {
    expect(lines({ inClster: true })).toContainEqual(expect.stringMatching(/^resources\[0\]\.cluster\.inClster: unknown key; allowed keys: .*inCluster, serviceAccountDir/));
  });
});
