import { describe, expect, it } from 'vitest';
import { matrixQuestions } from './can-i-matrix';
import { DEFAULT_CAN_I_RESOURCES, DEFAULT_CAN_I_VERBS } from './can-i-defaults';

describe('matrixQuestions', () => {
  it('asks every verb × resource cluster-wide, and namespaced resources per namespace', () => {
    const questions = matrixQuestions({
      verbs: DEFAULT_CAN_I_VERBS,
      resources: DEFAULT_CAN_I_RESOURCES,
      namespaces: ['a', 'b'],
    });
    const namespaced = DEFAULT_CAN_I_RESOURCES.filter((r) => r.namespaced).length;
    expect(questions).toHaveLength(DEFAULT_CAN_I_VERBS.length * (DEFAULT_CAN_I_RESOURCES.length + 2 * namespaced));
    expect(questions.filter((q) => q.resource.label === 'namespaces').every((q) => q.namespace === null)).toBe(true);
    expect(questions[0]).toMatchObject({ verb: 'get', namespace: null, resource: { label: 'pods' } });
  });

  it('describes subresources and API groups as kubectl names them', () => {
    const labels = DEFAULT_CAN_I_RESOURCES.map((r) => r.label);
    expect(labels).toEqual([
      'pods',
      'pods/exec',
      'pods/log',
      'secrets',
      'configmaps',
      'deployments.apps',
      'namespaces',
    ]);
  });
});
