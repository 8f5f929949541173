import { describe, expect, it } from 'vitest';
import { requestInfo } from './request-info';

describe('requestInfo', () => {
  it.each([
    ['GET', '/api/v1/namespaces/team-a/pods', { verb: 'list', resource: 'pods', namespace: 'team-a', name: null, subresource: null }],
    ['GET', '/api/v1/namespaces/team-a/pods?watch=true', { verb: 'watch', resource: 'pods', namespace: 'team-a', name: null, subresource: null }],
    ['GET', '/api/v1/namespaces/team-a/pods/web', { verb: 'get', resource: 'pods', namespace: 'team-a', name: 'web', subresource: null }],
    ['POST', '/api/v1/namespaces/team-a/pods/web/exec?command=sh', { verb: 'create', resource: 'pods', namespace: 'team-a', name: 'web', subresource: 'exec' }],
    ['GET', '/api/v1/namespaces/team-a/pods/web/log?follow=true', { verb: 'get', resource: 'pods', namespace: 'team-a', name: 'web', subresource: 'log' }],
    ['DELETE', '/api/v1/namespaces/team-a/configmaps', { verb: 'deletecollection', resource: 'configmaps', namespace: 'team-a', name: null, subresource: null }],
    ['PATCH', '/apis/apps/v1/namespaces/x/deployments/d', { verb: 'patch', resource: 'deployments', namespace: 'x', name: 'd', subresource: null }],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { verb: 'list', resource: 'clusterrolebindings', namespace: null, name: null, subresource: null }],
    ['GET', '/api/v1/namespaces/team-a', { verb: 'get', resource: 'namespaces', namespace: 'team-a', name: 'team-a', subresource: null }],
    ['POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { verb: 'create', resource: 'selfsubjectreviews', namespace: null, name: null, subresource: null }],
  ])('%s %s', (method, url, expected) => {
    expect(requestInfo(method, url)).toEqual(expected);
  });

  it('treats non-resource paths as the method', () => {
    expect(requestInfo('GET', '/version')).toEqual({ verb: 'get', resource: null, subresource: null, namespace: null, name: null });
    expect(requestInfo('GET', '/apis')).toMatchObject({ resource: null });
  });
});
