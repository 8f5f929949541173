import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOrg, type Org } from '../../../../shared/org';
import { DEMO_ORG_YAML } from '../../../../shared/test-fixtures/demo-org';
import { checkRoles } from './roles-check';

function demoOrg(): Org {
  const result = parseOrg(parse(DEMO_ORG_YAML));
  if (!result.ok) throw new Error('demo org does not parse');
  return result.org;
}

describe('roles check', () => {
  it('reports the demo’s collision and reserved name, nothing else', () => {
    expect(checkRoles(demoOrg())).toEqual({
      id: 'roles',
      status: 'warn',
      finding:
        'roles "Platform Team" and "Platform-Team" both derive group "platform-team" (sent once; they share its RBAC); ' +
        'role "System:Masters": group "system:masters" starts with "system:", which Kubernetes reserves; it is not sent',
      fix: 'rename the roles in the org file so each derives a distinct group not starting with "system:" (lowercased, whitespace → "-", dots removed)',
    });
  });

  it('is ok when every role derives its own valid group', () => {
    const demo = demoOrg();
    const clean: Org = {
      ...demo,
      roles: demo.roles.filter((r) => !['System:Masters', 'Platform-Team'].includes(r.name)),
    };
    expect(checkRoles(clean)).toEqual({
      id: 'roles',
      status: 'ok',
      finding: 'each of the 6 roles derives its own valid group',
      fix: null,
    });
  });

  it('words a three-way collision and an empty group', () => {
    const demo = demoOrg();
    const roles = ['A.B', 'ab', 'AB', '...'].map((name) => ({ name, rules: [] }));
    const finding = checkRoles({ ...demo, roles }).finding;
    expect(finding).toContain('roles "A.B", "ab" and "AB" all derive group "ab"');
    expect(finding).toContain('role "...": derives an empty group');
  });
});
