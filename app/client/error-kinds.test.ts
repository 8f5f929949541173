// Errors carry their kind from where they arise: each domain error class is a GatehouseError of
// the kind its SPEC §7 exit code needs, so no layer above translates (the kubeconfig writer's, the
// org loader's, the admin tools', the control socket's and the session's).
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, GatehouseError, type ErrorKind } from '../../shared/errors';
import { LeasedIdentityUnknown } from '../domain/admin/leased-identity';
import { UnknownUserError } from '../domain/admin/preview/user-access-preview';
import { UnknownResourceError } from '../domain/admin/select-resources';
import { resourceLookupError } from '../services/connections/resource-lookup';
import { openSession } from '../services/core/session';
import {
  KubeconfigClashError,
  KubeconfigFileError,
  KubeconfigShapeError,
  KubeconfigSyntaxError,
} from '../domain/kubeconfig';
import { OrgFileError } from '../domain/org/org-file-error';
import { CredentialError } from '../domain/proxy/upstream';
import { AnotherAgentError } from '../transports/control-socket';
import { UntrustedEndpointError } from '../transports/control-endpoint-owner';
import { DEMO_ORG_YAML } from '../../shared/test-fixtures/demo-org';
import { parseOrg } from '../../shared/org';
import { parse } from 'yaml';

function kindAndExit(error: unknown): [string, ErrorKind, number] {
  if (!(error instanceof GatehouseError)) throw new Error(`${String(error)} is not a GatehouseError`);
  return [error.constructor.name, error.kind, ERROR_KINDS[error.kind]];
}

describe('domain errors carry their kind', () => {
  it('each class has the kind (and so the exit code) SPEC §7 asks for', () => {
    expect(
      [
        new KubeconfigSyntaxError('bad', { line: 1, col: 1 }, '/k'),
        new KubeconfigShapeError('clusters is not a list', undefined, '/k'),
        new KubeconfigClashError([{ kind: 'context', name: 'staging', line: 3 }], '/k'),
        new KubeconfigFileError('/k', 'permission denied'),
        OrgFileError.about('/org.yaml', 'is empty'),
        new CredentialError('token file /t is empty'),
        new UnknownResourceError('unknown resource "x"'),
        new UnknownUserError('user x is not in the org'),
        new LeasedIdentityUnknown('SelfSubjectReview failed'),
        new AnotherAgentError('another Gatehouse agent is already running'),
        new UntrustedEndpointError('/s is owned by uid 0'),
      ].map(kindAndExit),
    ).toEqual([
      ['KubeconfigSyntaxError', 'config', 2],
      ['KubeconfigShapeError', 'config', 2],
      ['KubeconfigClashError', 'refused', 3],
      ['KubeconfigFileError', 'unavailable', 1],
      ['OrgFileError', 'config', 2],
      ['CredentialError', 'config', 2],
      ['UnknownResourceError', 'not-found', 2],
      ['UnknownUserError', 'not-found', 2],
      ['LeasedIdentityUnknown', 'unavailable', 1],
      ['AnotherAgentError', 'refused', 3],
      ['UntrustedEndpointError', 'unavailable', 1],
    ]);
  });

  it('a resource lookup: unknown is not-found (2), not assigned is refused (3)', () => {
    const parsed = parseOrg(parse(DEMO_ORG_YAML));
    if (!parsed.ok) throw new Error('demo org does not parse');
    expect(kindAndExit(resourceLookupError(parsed.org, '/org.yaml', 'bob@example.com', ['staging'], 'nope'))).toEqual([
      'ResourceLookupError',
      'not-found',
      2,
    ]);
    expect(kindAndExit(resourceLookupError(parsed.org, '/org.yaml', 'bob@example.com', ['staging'], 'prod'))).toEqual([
      'ResourceLookupError',
      'refused',
      3,
    ]);
  });

  it('signing in with a file that is missing is config (2), with the loader’s message', async () => {
    const error = await openSession('/nonexistent/org.yaml', 'alice@example.com').catch((e: unknown) => e);
    expect(kindAndExit(error)).toEqual(['OrgFileError', 'config', 2]);
    expect((error as Error).message).toContain('/nonexistent/org.yaml');
  });
});
