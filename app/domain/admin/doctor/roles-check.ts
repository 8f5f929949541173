// `roles`: the org's role names, judged by the shared role → group rules (SPEC §3) — collisions
// (several roles, one group, one set of rights) and groups that are never sent.
import type { DoctorCheck } from '../../../../shared/admin';
import { rolesPreview, type Org } from '../../../../shared/org';
import { describeGroupProblem, groupProblem } from '../../../../shared/roles';
import { validRoleGroups } from '../role-groups';
import { count, quotedList } from '../text';
import { ok, warn } from './check-result';

const ID = 'roles';

function collisionFindings(org: Org): string[] {
  return validRoleGroups(org)
    .filter(({ roles }) => roles.length > 1)
    .map(({ group, roles }) => {
      const verb = roles.length === 2 ? 'both derive' : 'all derive';
      return `roles ${quotedList(roles)} ${verb} group ${JSON.stringify(group)} (sent once; they share its RBAC)`;
    });
}

function invalidFindings(org: Org): string[] {
  return rolesPreview(org).roles.flatMap((mapping) => {
    const derived = mapping.group ?? '';
    const problem = groupProblem(derived);
    return mapping.status === 'invalid' && problem !== null
      ? [`role ${JSON.stringify(mapping.role)}: ${describeGroupProblem(problem, derived)}`]
      : [];
  });
}

export function checkRoles(org: Org): DoctorCheck {
  const findings = [...collisionFindings(org), ...invalidFindings(org)];
  if (findings.length === 0) {
    return ok(ID, `each of the ${count(org.roles.length, 'role')} derives its own valid group`);
  }
  return warn(
    ID,
    findings.join('; '),
    'rename the roles in the org file so each derives a distinct group not starting with "system:" (lowercased, whitespace → "-", dots removed)',
  );
}
