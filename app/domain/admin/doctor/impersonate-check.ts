// `impersonate`: the leased identity may impersonate the people and groups of this resource.
// Asked with SelfSubjectAccessReviews, first without a name (a broad grant), then — because a
// least-privilege role lists `resourceNames` and so never allows the unnamed question — once per
// user and group the proxy will actually send.
import type { DoctorCheck } from '../../../../shared/admin';
import { leasedCan } from '../access-review';
import { describeClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import type { ImpersonationTargets } from '../impersonation-targets';
import { mapLimit } from '../map-limit';
import { count, ruleText, type RbacRuleText } from '../text';
import { fail, ok } from './check-result';

const ID = 'impersonate';
const CONCURRENCY = 8;

type Kind = 'users' | 'groups';

async function mayImpersonate(client: ClusterClient, kind: Kind, name?: string): Promise<boolean> {
  const answer = await leasedCan(client, { verb: 'impersonate', group: '', resource: kind, name });
  return answer.allowed;
}

async function deniedNames(client: ClusterClient, kind: Kind, names: readonly string[]): Promise<string[]> {
  const allowed = await mapLimit(names, CONCURRENCY, (name) => mayImpersonate(client, kind, name));
  return names.filter((_, index) => !allowed[index]);
}

/** The rule(s) that would make every denied name allowed, as the admin would write them. */
function missingRules(deniedUsers: string[], deniedGroups: string[], targets: ImpersonationTargets): RbacRuleText[] {
  const base = { apiGroups: [''], verbs: ['impersonate'] };
  // Nothing at all allowed: name the rule itself; the generator adds the resourceNames.
  if (deniedUsers.length === targets.users.length && deniedGroups.length === targets.groups.length) {
    return [{ ...base, resources: ['users', 'groups'] }];
  }
  const rules: RbacRuleText[] = [];
  if (deniedUsers.length > 0) rules.push({ ...base, resources: ['users'], resourceNames: deniedUsers });
  if (deniedGroups.length > 0) rules.push({ ...base, resources: ['groups'], resourceNames: deniedGroups });
  return rules;
}

export async function checkImpersonate(
  client: ClusterClient,
  targets: ImpersonationTargets,
  resourceName: string,
  leasedUser: string | null,
): Promise<DoctorCheck> {
  const who = leasedUser === null ? 'the leased identity' : `the leased identity ${leasedUser}`;
  try {
    const [anyUser, anyGroup] = await Promise.all([mayImpersonate(client, 'users'), mayImpersonate(client, 'groups')]);
    if (anyUser && anyGroup) return ok(ID, `${who} may impersonate any user and group`);
    if (targets.users.length === 0) return ok(ID, 'no user is assigned this resource, so nobody is impersonated on it');
    const [deniedUsers, deniedGroups] = await Promise.all([
      anyUser ? [] : deniedNames(client, 'users', targets.users),
      anyGroup ? [] : deniedNames(client, 'groups', targets.groups),
    ]);
    const scope = `${count(targets.users.length, 'user')} and ${count(targets.groups.length, 'group')} of this resource`;
    if (deniedUsers.length === 0 && deniedGroups.length === 0)
      return ok(ID, `${who} may impersonate the ${scope} (restricted by resourceNames)`);
    const rules = missingRules(deniedUsers, deniedGroups, targets).map(ruleText);
    const denied = `${count(deniedUsers.length, 'user')} and ${count(deniedGroups.length, 'group')}`;
    return fail(
      ID,
      `${who} may not impersonate ${denied} of this resource; missing rule: ${rules.join(' + ')}`,
      `grant it in a ClusterRole bound to the leased identity, e.g. apply "gatehouse rbac generate ${resourceName}" as cluster admin`,
    );
  } catch (err) {
    const failure = describeClusterFailure(err);
    return fail(
      ID,
      `cannot ask the cluster (SelfSubjectAccessReview): ${failure.message}`,
      'allow the leased identity to create selfsubjectaccessreviews (authorization.k8s.io; default for authenticated users)',
    );
  }
}
