// Which screens a person sees: the admin views at a gateway only for its admins; local mode as before.
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../shared/api';
import { signedInAtGateway } from '../stores/gateway-fixtures.test-support';
import { canSee, isGatewayMode } from './screen-access';

const local: SessionInfo = { orgFile: '/org.yaml', user: 'a@x', identity: null, error: null, gateway: null };

describe('canSee', () => {
  it.each<[string, SessionInfo | null, boolean]>([
    ['local mode: admin shown', local, true],
    ['before the session is known: admin shown (local behaviour)', null, true],
    ['gateway, not an admin: hidden', signedInAtGateway({ admin: false }), false],
    ['gateway admin: shown', signedInAtGateway({ admin: true }), true],
    [
      'gateway admin whose session expired: still shown (it says why calls fail)',
      signedInAtGateway({ admin: true, state: 'expired' }),
      true,
    ],
  ])('%s', (_name, session, admin) => {
    expect(canSee('admin', session)).toBe(admin);
    for (const screen of ['resources', 'activity', 'identity', 'settings'] as const)
      expect(canSee(screen, session)).toBe(true);
  });

  it('gateway mode is a session at a gateway', () => {
    expect(isGatewayMode(signedInAtGateway())).toBe(true);
    expect(isGatewayMode(local)).toBe(false);
    expect(isGatewayMode(null)).toBe(false);
  });
});
