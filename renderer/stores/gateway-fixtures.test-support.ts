// Gateway-mode shapes for renderer tests (SPEC §10): a session at a gateway, the identity its
// /v1/me gives (with role and group sources), a pending browser sign-in. No token anywhere: the
// session carries none, and the tests check that none is shown.
import type { GatewaySession, Identity, PendingSignIn, ResourceStatus, SessionInfo } from '../../shared/api';

export const GATEWAY = 'https://gatehouse.example.com';
export const IDP_PAGE = 'https://idp.example.com/auth?client_id=gatehouse&code_challenge=abc';

export function gatewaySession(overrides: Partial<GatewaySession> = {}): GatewaySession {
  return {
    url: GATEWAY,
    issuer: 'https://idp.example.com',
    state: 'signed-in',
    tokenExpiresAt: '2025-03-04T10:20:30Z',
    reachable: true,
    reachError: null,
    checkedAt: '2025-03-04T10:15:00Z',
    admin: false,
    tokenStorage: 'encrypted',
    ...overrides,
  };
}

/** Alice at the gateway: Developers from the IdP's groups, SRE from the org file. */
export function gatewayIdentity(overrides: Partial<Identity> = {}): Identity {
  return {
    email: 'alice@example.com',
    name: 'Alice Liddell',
    roles: ['SRE', 'Developers'],
    groups: ['sre', 'developers', 'system:authenticated'],
    warnings: [],
    resources: ['staging'],
    roleSources: [
      { role: 'SRE', from: 'org' },
      { role: 'Developers', from: 'idp' },
    ],
    groupSources: [
      { name: 'sre', from: 'role:SRE' },
      { name: 'developers', from: 'role:Developers' },
      { name: 'system:authenticated', from: 'always' },
    ],
    ...overrides,
  };
}

export function signedInAtGateway(
  gateway: Partial<GatewaySession> = {},
  identity: Identity = gatewayIdentity(),
): SessionInfo {
  return { orgFile: null, user: identity.email, identity, error: null, gateway: gatewaySession(gateway) };
}

export const SIGNED_OUT: SessionInfo = { orgFile: null, user: null, identity: null, error: null, gateway: null };

export function browserSignIn(overrides: Partial<Extract<PendingSignIn, { kind: 'browser' }>> = {}): PendingSignIn {
  return {
    id: 'sign-in-1',
    gateway: GATEWAY,
    kind: 'browser',
    url: IDP_PAGE,
    opened: false,
    ...overrides,
  };
}

export function gatewayResource(name: string, overrides: Partial<ResourceStatus> = {}): ResourceStatus {
  return {
    name,
    type: 'kubernetes-user-impersonation',
    port: 17001,
    state: 'connected',
    health: 'healthy',
    error: null,
    tags: {},
    server: null,
    healthcheckNamespace: 'default',
    via: `${GATEWAY}/k8s/${name}`,
    ...overrides,
  };
}
