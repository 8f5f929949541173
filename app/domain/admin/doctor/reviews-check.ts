// `reviews`: the leased identity may ask about others (SubjectAccessReview) and read RBAC
// objects. Only the admin preview needs this, so missing rights are a warning, not a failure.
import type { DoctorCheck } from '../../../../shared/admin';
import { leasedCan, type AccessQuestion } from '../access-review';
import { describeClusterFailure } from '../cluster-failure';
import type { ClusterClient } from '../cluster-client';
import { mapLimit } from '../map-limit';
import { ruleText } from '../text';
import { ok, warn } from './check-result';

const ID = 'reviews';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const AUTHZ_GROUP = 'authorization.k8s.io';
const RBAC_RESOURCES = ['clusterrolebindings', 'rolebindings', 'clusterroles', 'roles'];

/** What the preview does with the leased credential. */
const NEEDED: AccessQuestion[] = [
  { verb: 'create', group: AUTHZ_GROUP, resource: 'subjectaccessreviews' },
  ...RBAC_RESOURCES.flatMap((resource) => ['get', 'list'].map((verb) => ({ verb, group: RBAC_GROUP, resource }))),
];

/** The missing permissions as rules, one per API group, resources and verbs merged. */
function missingRulesText(missing: readonly AccessQuestion[]): string {
  const byGroup = new Map<string, { resources: Set<string>; verbs: Set<string> }>();
  for (const q of missing) {
    const entry = byGroup.get(q.group) ?? { resources: new Set<string>(), verbs: new Set<string>() };
    entry.resources.add(q.resource);
    entry.verbs.add(q.verb);
    byGroup.set(q.group, entry);
  }
  return [...byGroup]
    .map(([group, entry]) => ruleText({ apiGroups: [group], resources: [...entry.resources], verbs: [...entry.verbs] }))
    .join(' + ');
}

export async function checkReviews(client: ClusterClient, leasedUser: string | null): Promise<DoctorCheck> {
  const who = leasedUser === null ? 'the leased identity' : `the leased identity ${leasedUser}`;
  let allowed: boolean[];
  try {
    allowed = await mapLimit(NEEDED, 8, async (question) => (await leasedCan(client, question)).allowed);
  } catch (err) {
    const failure = describeClusterFailure(err);
    return warn(
      ID,
      `cannot ask the cluster (SelfSubjectAccessReview): ${failure.message}; previews will be partial`,
      'allow the leased identity to create selfsubjectaccessreviews (authorization.k8s.io)',
    );
  }
  const missing = NEEDED.filter((_, index) => !allowed[index]);
  if (missing.length === 0) {
    return ok(ID, `${who} may create subjectaccessreviews and read roles and bindings`);
  }
  const what = missing.map((q) => `${q.verb} ${q.resource}`).join(', ');
  return warn(
    ID,
    `${who} may not ${what}: previews will be partial (no can-i matrix or bindings where those are missing)`,
    `add to its ClusterRole: ${missingRulesText(missing)}`,
  );
}
