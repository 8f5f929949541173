/**
 * Checks across the org file that a schema cannot express: duplicates, dangling references,
 * unusable emails. Pure; runs after the schema accepted the file.
 */
import type { OrgProblem } from './org-problem';
import type { Org } from './org-schema';
import { emailProblem, roleToGroup } from './roles';

/** Reports every entry whose key was already seen, pointing back at the first one. */
function duplicateProblems<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  pathOf: (index: number) => (string | number)[],
  describe: (item: T, firstIndex: number) => string,
): OrgProblem[] {
  const firstIndexByKey = new Map<string, number>();
  const problems: OrgProblem[] = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    const firstIndex = firstIndexByKey.get(key);
    if (firstIndex === undefined) firstIndexByKey.set(key, index);
    else problems.push({ path: pathOf(index), message: describe(item, firstIndex) });
  });
  return problems;
}

/** A near-miss spelling of a defined role (case, spaces vs dashes), for "did you mean". */
function similarRole(name: string, definedRoles: readonly string[]): string | undefined {
  const folded = roleToGroup(name);
  return definedRoles.find((role) => roleToGroup(role) === folded);
}

function userProblems(org: Org): OrgProblem[] {
  const definedRoles = org.roles.map((role) => role.name);
  const defined = new Set(definedRoles);
  const problems: OrgProblem[] = [];
  org.users.forEach((user, userIndex) => {
    const problem = emailProblem(user.email);
    if (problem !== null) problems.push({ path: ['users', userIndex, 'email'], message: problem });
    if (user.roles.length === 0) {
      const message = `user ${JSON.stringify(user.email)} has no roles; give at least one (without roles nothing is granted)`;
      problems.push({ path: ['users', userIndex, 'roles'], message });
    }
    user.roles.forEach((role, roleIndex) => {
      if (defined.has(role)) return;
      const suggestion = similarRole(role, definedRoles);
      const hint = suggestion === undefined ? '' : `; did you mean ${JSON.stringify(suggestion)}?`;
      const message = `role ${JSON.stringify(role)} is not defined in roles${hint}`;
      problems.push({ path: ['users', userIndex, 'roles', roleIndex], message });
    });
  });
  const duplicateEmails = duplicateProblems(
    org.users,
    (user) => user.email.toLowerCase(),
    (index) => ['users', index, 'email'],
    (user, first) => `duplicate email ${JSON.stringify(user.email)} (emails ignore case; first at users[${first}])`,
  );
  return [...problems, ...duplicateEmails];
}

function roleProblems(org: Org): OrgProblem[] {
  const resourceNames = new Set(org.resources.map((resource) => resource.name));
  const problems = duplicateProblems(
    org.roles,
    (role) => role.name,
    (index) => ['roles', index, 'name'],
    (role, first) => `duplicate role name ${JSON.stringify(role.name)} (first at roles[${first}])`,
  );
  org.roles.forEach((role, roleIndex) => {
    role.rules.forEach((rule, ruleIndex) => {
      (rule.resources ?? []).forEach((name, nameIndex) => {
        if (resourceNames.has(name)) return;
        const path = ['roles', roleIndex, 'rules', ruleIndex, 'resources', nameIndex];
        problems.push({ path, message: `resource ${JSON.stringify(name)} is not defined in resources` });
      });
    });
  });
  return problems;
}

function resourceProblems(org: Org): OrgProblem[] {
  const duplicateNames = duplicateProblems(
    org.resources,
    (resource) => resource.name,
    (index) => ['resources', index, 'name'],
    (resource, first) => `duplicate resource name ${JSON.stringify(resource.name)} (first at resources[${first}])`,
  );
  const withPort = org.resources.flatMap((resource, index) =>
    resource.port === undefined ? [] : [{ name: resource.name, port: resource.port, index }],
  );
  const duplicatePorts = duplicateProblems(
    withPort,
    (entry) => String(entry.port),
    (index) => ['resources', withPort[index]?.index ?? index, 'port'],
    (entry, first) => `port ${entry.port} is also used by resource ${JSON.stringify(withPort[first]?.name)}`,
  );
  return [...duplicateNames, ...duplicatePorts];
}

/**
 * Identity sets (SPEC §11): declared once; every alias and every `impersonation.identitySet` names
 * a declared set; no two users share an alias within a set (the cluster could not tell them apart).
 */
function identitySetProblems(org: Org): OrgProblem[] {
  const sets = org.identitySets ?? [];
  const declared = new Set(sets.map((set) => set.name));
  const declaredList =
    sets.length === 0
      ? 'no identitySets are declared'
      : `declared: ${sets.map((set) => JSON.stringify(set.name)).join(', ')}`;
  const problems = duplicateProblems(
    sets,
    (set) => set.name,
    (index) => ['identitySets', index, 'name'],
    (set, first) => `duplicate identity set ${JSON.stringify(set.name)} (first at identitySets[${first}])`,
  );
  const ownerOf = new Map<string, string>();
  org.users.forEach((user, userIndex) => {
    for (const [set, alias] of Object.entries(user.aliases ?? {})) {
      const path = ['users', userIndex, 'aliases', set];
      if (!declared.has(set)) {
        problems.push({
          path,
          message: `identity set ${JSON.stringify(set)} is not declared in identitySets (${declaredList})`,
        });
        continue;
      }
      const key = `${set}\u0000${alias}`;
      const owner = ownerOf.get(key);
      if (owner === undefined) ownerOf.set(key, user.email);
      else {
        const message = `alias ${JSON.stringify(alias)} in identity set ${JSON.stringify(set)} is used by both ${owner} and ${user.email}`;
        problems.push({ path, message });
      }
    }
  });
  org.resources.forEach((resource, resourceIndex) => {
    const set = resource.impersonation?.identitySet;
    if (set === undefined || declared.has(set)) return;
    const path = ['resources', resourceIndex, 'impersonation', 'identitySet'];
    problems.push({
      path,
      message: `identity set ${JSON.stringify(set)} is not declared in identitySets (${declaredList})`,
    });
  });
  return problems;
}

/** Every cross-reference problem, in file order (identity sets, users, roles, resources). */
export function orgReferenceProblems(org: Org): OrgProblem[] {
  return [...identitySetProblems(org), ...userProblems(org), ...roleProblems(org), ...resourceProblems(org)];
}
