import { describe, expect, it } from 'vitest';
import type { ImpersonationTargets } from '../impersonation-targets';
import { fakeReviewClient } from './fake-review-client';
import { checkImpersonate } from './impersonate-check';

const targets: ImpersonationTargets = {
  users: ['alice@example.com', 'carol@example.com'],
  groups: ['datascience', 'engineering', 'system:authenticated'],
};

const impersonating = (a: { verb?: string; group?: string }) => a.verb === 'impersonate' && a.group === '';

describe('impersonate check', () => {
  it('is ok at once with a broad grant', async () => {
    const fake = fakeReviewClient((a) => impersonating(a));
    const check = await checkImpersonate(fake.client, targets, 'staging', 'gatehouse-leased');
    expect(check).toEqual({
      id: 'impersonate',
      status: 'ok',
      finding: 'the leased identity gatehouse-leased may impersonate any user and group',
      fix: null,
    });
    expect(fake.asked).toHaveLength(2);
  });

  it('asks name by name when the grant is restricted by resourceNames', async () => {
    const fake = fakeReviewClient((a) => impersonating(a) && a.name !== undefined);
    const check = await checkImpersonate(fake.client, targets, 'staging', null);
    expect(check.status).toBe('ok');
    expect(check.finding).toBe(
      'the leased identity may impersonate the 2 users and 3 groups of this resource (restricted by resourceNames)',
    );
    expect(fake.asked.map((a) => a.name).filter(Boolean)).toHaveLength(5);
  });

  it('names exactly the missing resourceNames', async () => {
    const fake = fakeReviewClient(
      (a) => impersonating(a) && a.name !== undefined && !['carol@example.com', 'datascience'].includes(a.name),
    );
    const check = await checkImpersonate(fake.client, targets, 'staging', 'sa');
    expect(check.status).toBe('fail');
    expect(check.finding).toBe(
      'the leased identity sa may not impersonate 1 user and 1 group of this resource; missing rule: ' +
        'apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["carol@example.com"] + ' +
        'apiGroups: [""], resources: ["groups"], verbs: ["impersonate"], resourceNames: ["datascience"]',
    );
    expect(check.fix).toContain('gatehouse rbac generate staging');
  });

  it('names the whole rule when nothing may be impersonated', async () => {
    const check = await checkImpersonate(fakeReviewClient(() => false).client, targets, 'staging', null);
    expect(check.status).toBe('fail');
    expect(check.finding).toContain(
      'missing rule: apiGroups: [""], resources: ["users","groups"], verbs: ["impersonate"]',
    );
  });

  it('is ok when nobody is assigned the resource', async () => {
    const check = await checkImpersonate(fakeReviewClient(() => false).client, { users: [], groups: [] }, 'x', null);
    expect(check).toMatchObject({
      status: 'ok',
      finding: 'no user is assigned this resource, so nobody is impersonated on it',
    });
  });
});
