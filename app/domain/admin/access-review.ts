// "May X do Y?" asked of the cluster's own authorizer: a SelfSubjectAccessReview for the leased
// identity, a SubjectAccessReview for a person as the proxy would impersonate them.
import type { V1ResourceAttributes, V1SubjectAccessReviewStatus } from '@kubernetes/client-node';
import type { ClusterClient } from './cluster-client';

export interface AccessQuestion {
  verb: string;
  /** API group; "" for core. */
  group: string;
  resource: string;
  subresource?: string;
  /** Omitted or "" = all namespaces (cluster-wide). */
  namespace?: string;
  /** A specific object; for `impersonate` the user or group name (what `resourceNames` restricts). */
  name?: string;
}

export interface AccessAnswer {
  allowed: boolean;
  /** The authorizer's reason or evaluation error, when it gave one. */
  reason: string | null;
}

export interface ImpersonatedSubject {
  user: string;
  groups: string[];
}

function attributes(question: AccessQuestion): V1ResourceAttributes {
  return {
    verb: question.verb,
    group: question.group,
    resource: question.resource,
    subresource: question.subresource,
    namespace: question.namespace ?? '',
    name: question.name,
  };
}

function answer(status: V1SubjectAccessReviewStatus | undefined): AccessAnswer {
  const reason = [status?.reason, status?.evaluationError].filter((text): text is string => !!text).join('; ');
  return { allowed: status?.allowed === true && status.denied !== true, reason: reason || null };
}

/** May the leased identity itself do this? */
export async function leasedCan(client: ClusterClient, question: AccessQuestion): Promise<AccessAnswer> {
  const review = await client.authorization.createSelfSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attributes(question) },
    },
  });
  return answer(review.status);
}

/** May this person, impersonated with these groups, do this? (Needs create on subjectaccessreviews.) */
export async function subjectCan(
  client: ClusterClient,
  subject: ImpersonatedSubject,
  question: AccessQuestion,
): Promise<AccessAnswer> {
  const review = await client.authorization.createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: subject.user, groups: subject.groups, resourceAttributes: attributes(question) },
    },
  });
  return answer(review.status);
}
