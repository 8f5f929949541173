import { describe, expect, it } from 'vitest';
import type { OrgResource } from '../../../shared/org';
import { connectionSettingsChanged } from './connection-settings';

const base: OrgResource = {
  name: 'staging',
  type: 'kubernetes-user-impersonation',
  tags: { env: 'staging' },
  healthcheckNamespace: 'default',
  cluster: { server: 'https://10.0.0.1:6443', token: 't', certificateAuthority: '/ca.crt' },
};

describe('connectionSettingsChanged', () => {
  it.each<[string, Partial<OrgResource>, boolean]>([
    ['nothing', {}, false],
    ['tags', { tags: { env: 'prod' } }, false],
    ['the health-check namespace', { healthcheckNamespace: 'team-a' }, false],
    [
      'the same cluster with its keys in another order',
      { cluster: { certificateAuthority: '/ca.crt', token: 't', server: 'https://10.0.0.1:6443' } },
      false,
    ],
    ['insecureHttp: false spelled out', { insecureHttp: false }, false],
    ['the server', { cluster: { server: 'https://10.0.0.2:6443', token: 't', certificateAuthority: '/ca.crt' } }, true],
    [
      'the credential',
      { cluster: { server: 'https://10.0.0.1:6443', token: 'u', certificateAuthority: '/ca.crt' } },
      true,
    ],
    ['the form (a kubeconfig file)', { cluster: { kubeconfig: '/leased.kubeconfig' } }, true],
    ['a fixed port', { port: 16500 }, true],
    ['insecureHttp', { insecureHttp: true }, true],
  ])('%s → %s', (_what, patch, changed) => {
    expect(connectionSettingsChanged(base, { ...base, ...patch })).toBe(changed);
  });

  it('a kubeconfig file and its context', () => {
    const file = { ...base, cluster: { kubeconfig: '/k', context: 'a' } };
    expect(connectionSettingsChanged(file, { ...file, cluster: { kubeconfig: '/k', context: 'b' } })).toBe(true);
    expect(connectionSettingsChanged(file, { ...file, cluster: { context: 'a', kubeconfig: '/k' } })).toBe(false);
  });
});
