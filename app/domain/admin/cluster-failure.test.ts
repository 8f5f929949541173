import { ApiException } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClientNode } from '../proxy/lazy-client-node';
import { CredentialError } from '../proxy/upstream';
import { describeClusterFailure } from './cluster-failure';

function systemError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeClusterFailure', () => {
  // In a host, an ApiException exists only once an admin tool has loaded client-node on first use.
  beforeAll(() => loadClientNode());

  it('tells a rejected credential (401) apart, with the Status message when there is one', () => {
    const body = JSON.stringify({ kind: 'Status', message: 'token expired', code: 401 });
    expect(describeClusterFailure(new ApiException(401, 'x', body, {}))).toEqual({
      kind: 'unauthorized',
      status: 401,
      message: 'HTTP 401 Unauthorized: token expired',
    });
    expect(describeClusterFailure(new ApiException(401, 'x', undefined, {})).message).toBe('HTTP 401 Unauthorized');
  });

  it('classifies other statuses', () => {
    expect(describeClusterFailure(new ApiException(403, 'x', { message: 'no' }, {})).kind).toBe('forbidden');
    expect(describeClusterFailure(new ApiException(404, 'x', '', {})).kind).toBe('not-found');
    expect(describeClusterFailure(new ApiException(500, 'x', '', {}))).toMatchObject({ kind: 'http', message: 'HTTP 500' });
  });

  it('names network causes', () => {
    const refused = systemError(
      'request to https://127.0.0.1:1/version failed, reason: connect ECONNREFUSED 127.0.0.1:1',
      'ECONNREFUSED',
    );
    expect(describeClusterFailure(refused)).toEqual({
      kind: 'unreachable',
      status: null,
      message: 'connection refused (ECONNREFUSED)',
    });
    expect(describeClusterFailure(systemError('x', 'ENOTFOUND')).message).toBe('host not found (ENOTFOUND)');
  });

  it('names TLS problems', () => {
    const tls = systemError(
      'request failed, reason: unable to verify the first certificate',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
    expect(describeClusterFailure(tls)).toEqual({
      kind: 'tls',
      status: null,
      message: 'TLS: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)',
    });
  });

  it('recognises deadlines and unusable credentials', () => {
    const aborted = Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' });
    expect(describeClusterFailure(aborted).kind).toBe('timeout');
    expect(describeClusterFailure(new CredentialError('kubeconfig /x: no such file'))).toEqual({
      kind: 'credential',
      status: null,
      message: 'kubeconfig /x: no such file',
    });
  });
});
