import { describe, expect, it } from 'vitest';
import { isOlderThanSupported, parseKubernetesVersion } from './kubernetes-version';

describe('Kubernetes version', () => {
  it('reads managed-cluster minors and keeps a real gitVersion', () => {
    expect(parseKubernetesVersion({ major: '1', minor: '29+', gitVersion: 'v1.29.4-eks-036c24b' })).toEqual({
      major: 1,
      minor: 29,
      text: 'v1.29.4-eks-036c24b',
    });
  });

  it('ignores a placeholder gitVersion that disagrees with major/minor', () => {
    expect(parseKubernetesVersion({ major: '1', minor: '35', gitVersion: 'v0.0.0-master+$Format:%H$' })?.text).toBe(
      'v1.35',
    );
  });

  it('returns null without numbers', () => {
    expect(parseKubernetesVersion({ major: '', minor: '', gitVersion: '' })).toBeNull();
  });

  it('flags versions below 1.20', () => {
    const at = (minor: number) => ({ major: 1, minor, text: '' });
    expect(isOlderThanSupported(at(19))).toBe(true);
    expect(isOlderThanSupported(at(20))).toBe(false);
    expect(isOlderThanSupported({ major: 2, minor: 0, text: '' })).toBe(false);
  });
});
