import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOrg, type Org } from '../../../../shared/org';
import { DEMO_ORG_YAML } from '../../../../shared/test-fixtures/demo-org';
import { groupBindingTemplates } from './group-binding-templates';
import { toObjectName, uniqueName } from './object-name';

function demoOrg(): Org {
  const result = parseOrg(parse(DEMO_ORG_YAML));
  if (!result.ok) throw new Error('demo org does not parse');
  return result.org;
}

describe('group binding templates', () => {
  it('makes one placeholder binding per valid group, naming the role(s) it serves', () => {
    const templates = groupBindingTemplates(demoOrg());
    const subjects = templates.map((t) => (t.object.subjects as Array<{ name: string }>)[0]?.name);
    expect(subjects).toEqual([
      'engineering',
      'sre-on-call',
      'developers',
      'datascience',
      'platform-team',
      'payments-engineers',
    ]);
    expect(templates.every((t) => (t.object.roleRef as { name: string }).name === 'view')).toBe(true);
    expect(templates[3]?.comment).toContain('Template for role "Data.Science": group "datascience".');
    expect(templates[4]?.comment).toContain('roles "Platform Team" and "Platform-Team" (they derive the same group');
    expect(templates[0]?.comment).toContain('PLACEHOLDER: "view" is only an example');
  });
});

describe('object names', () => {
  it('turns group names into valid, unique object names', () => {
    expect(toObjectName('team:a/b')).toBe('team-a-b');
    expect(toObjectName('--x--')).toBe('x');
    expect(toObjectName(':::')).toBe('x');
    const taken = new Set<string>();
    expect([uniqueName('a', taken), uniqueName('a', taken), uniqueName('a', taken)]).toEqual(['a', 'a-2', 'a-3']);
  });
});
