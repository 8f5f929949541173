import { describe, expect, it } from 'vitest';
import { summarizeRule } from './rule-summary';

describe('summarizeRule', () => {
  it('reads a core-group rule as verbs and resources', () => {
    expect(summarizeRule({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] })).toBe(
      'get, list, watch secrets',
    );
  });

  it('names non-core resources the kubectl way (resource.group) and merges subresources', () => {
    const rule = { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['update'] };
    expect(summarizeRule(rule)).toBe('update deployments.apps, deployments/scale.apps');
  });

  it('spells out wildcards', () => {
    expect(summarizeRule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] })).toBe('all verbs all resources');
    expect(summarizeRule({ apiGroups: ['batch'], resources: ['*'], verbs: ['get'] })).toBe(
      'get all resources in batch',
    );
    expect(summarizeRule({ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] })).toBe('get pods (any API group)');
  });

  it('mentions resourceNames and non-resource URLs', () => {
    expect(
      summarizeRule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get'] }),
    ).toBe('get configmaps named a, b');
    expect(summarizeRule({ nonResourceURLs: ['/healthz', '/version'], verbs: ['get'] })).toBe('get /healthz, /version');
  });

  it('treats a rule without apiGroups as core and says when it names no resources', () => {
    expect(summarizeRule({ resources: ['pods'], verbs: ['list'] })).toBe('list pods');
    expect(summarizeRule({ verbs: ['get'] })).toBe('get (no resources)');
  });
});
