import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderYamlStream } from './render-yaml';

describe('renderYamlStream', () => {
  const shared = ['impersonate'];
  const objects = [
    {
      kind: 'ClusterRole',
      rules: [
        { verbs: shared, resources: ['users'] },
        { verbs: shared, resourceNames: Array.from({ length: 12 }, (_, i) => `user-${i}@example.com`) },
      ],
    },
    { kind: 'ClusterRoleBinding', subjects: [{ kind: 'User', name: 'system:serviceaccount:ns:sa' }] },
  ];
  const text = renderYamlStream(
    [
      { comment: ' the role', object: objects[0]!, ruleComments: [' first rule', null] },
      { comment: null, object: objects[1]! },
    ],
    ' header line',
  );

  it('round-trips the objects, without anchors for shared values', () => {
    const docs = parseAllDocuments(text);
    expect(Array.isArray(docs) ? docs.map((d) => d.toJS()) : []).toEqual(objects);
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('puts the header, document and rule comments where they belong', () => {
    expect(text.startsWith('# header line\n\n# the role\n')).toBe(true);
    expect(text).toContain('rules:\n  # first rule\n  - verbs: [impersonate]');
    expect(text).toContain('\n---\n');
  });

  it('prints short string lists in flow style and long ones one per line', () => {
    expect(text).toContain('resources: [users]');
    expect(text).toContain('    resourceNames:\n      - user-0@example.com\n');
  });
});
