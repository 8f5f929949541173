import { describe, expect, it } from 'vitest';
import { fakeReviewClient } from './fake-review-client';
import { checkReviews } from './reviews-check';

describe('reviews check', () => {
  it('is ok when every review and read is allowed', async () => {
    const check = await checkReviews(fakeReviewClient(() => true).client, 'gatehouse-leased');
    expect(check).toMatchObject({
      status: 'ok',
      finding: 'the leased identity gatehouse-leased may create subjectaccessreviews and read roles and bindings',
    });
  });

  it('warns with the missing permissions as rules', async () => {
    const fake = fakeReviewClient(
      (a) => !(a.resource === 'subjectaccessreviews' || (a.resource === 'rolebindings' && a.verb === 'list')),
    );
    const check = await checkReviews(fake.client, null);
    expect(check).toEqual({
      id: 'reviews',
      status: 'warn',
      finding:
        'the leased identity may not create subjectaccessreviews, list rolebindings: previews will be partial (no can-i matrix or bindings where those are missing)',
      fix:
        'add to its ClusterRole: apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] + ' +
        'apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings"], verbs: ["list"]',
    });
  });
});
