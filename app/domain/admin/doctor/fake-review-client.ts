// A ClusterClient stand-in for unit tests of the review-based checks: answers
// SelfSubjectAccessReviews from a predicate, records the questions.
import type { V1ResourceAttributes, V1SelfSubjectAccessReview } from '@kubernetes/client-node';
import type { ClusterClient } from '../cluster-client';

export interface FakeReviewClient {
  client: ClusterClient;
  asked: V1ResourceAttributes[];
}

export function fakeReviewClient(allow: (attributes: V1ResourceAttributes) => boolean): FakeReviewClient {
  const asked: V1ResourceAttributes[] = [];
  const authorization = {
    async createSelfSubjectAccessReview({
      body,
    }: {
      body: V1SelfSubjectAccessReview;
    }): Promise<V1SelfSubjectAccessReview> {
      const attributes = body.spec.resourceAttributes ?? {};
      asked.push(attributes);
      return { ...body, status: { allowed: allow(attributes) } };
    },
  };
  return { client: { server: 'https://fake', authorization } as unknown as ClusterClient, asked };
}
