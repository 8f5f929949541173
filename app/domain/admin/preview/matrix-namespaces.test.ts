import { describe, expect, it } from 'vitest';
import { chooseMatrixNamespaces } from './matrix-namespaces';

describe('chooseMatrixNamespaces', () => {
  it('prefers the health-check namespace, then namespaces binding the org, then default, then the rest (system last)', () => {
    const chosen = chooseMatrixNamespaces({
      preferred: 'team-a',
      bindingTheOrg: ['team-b', 'team-a'],
      withRoleBindings: ['kube-system', 'kube-public', 'team-a', 'team-b', 'zeta'],
      existing: null,
      max: 10,
    });
    expect(chosen).toEqual(['team-a', 'team-b', 'default', 'zeta', 'kube-public', 'kube-system']);
  });

  it('keeps only namespaces that exist when the list is known, and caps the count', () => {
    const input = {
      preferred: 'gone',
      bindingTheOrg: ['team-b'],
      withRoleBindings: [],
      existing: ['payments', 'team-b', 'default', 'alpha'],
      max: 3,
    };
    expect(chooseMatrixNamespaces(input)).toEqual(['team-b', 'default', 'alpha']);
  });
});
