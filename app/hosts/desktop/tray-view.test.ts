// The tray follows the host's events: resources, and the gateway line from session and settings
// events, so an expiry shows "Sign in again…" without the window.
import { describe, expect, it } from 'vitest';
import type { ApiEvent, GatewaySession, SessionInfo, Settings } from '../../../shared/api';
import { DEFAULT_SETTINGS } from '../../services/state/settings-store';
import type { TrayItem } from './tray-model';
import { EMPTY_TRAY_VIEW, foldTrayEvent, trayFor } from './tray-view';

const GATEWAY = 'https://gateway.corp.example';

function gatewaySession(over: Partial<GatewaySession> = {}): GatewaySession {
  return {
    url: GATEWAY,
    issuer: 'https://idp.corp.example',
    state: 'signed-in',
    tokenExpiresAt: null,
    reachable: true,
    reachError: null,
    checkedAt: null,
    admin: false,
    tokenStorage: 'encrypted',
    ...over,
  };
}

const signedOut: SessionInfo = { orgFile: null, user: null, identity: null, error: null, gateway: null };
const signedIn = (gateway: GatewaySession): SessionInfo => ({
  ...signedOut,
  user: 'alice@example.com',
  identity: { email: 'alice@example.com', name: null, roles: [], groups: [], warnings: [], resources: [] },
  gateway,
});
const settings = (gatewayUrl: string | null): Settings => ({ ...DEFAULT_SETTINGS, gatewayUrl });

function gatewayLines(items: TrayItem[]): string[] {
  return items.flatMap((item) =>
    item.kind === 'item' && (item.label.startsWith('Gateway ') || item.label.startsWith('Sign in again'))
      ? [item.label]
      : [],
  );
}

describe('tray view', () => {
  it('follows session and settings events to the gateway line, and ignores what the tray does not show', () => {
    const steps: [ApiEvent, string[]][] = [
      [{ type: 'settings', settings: settings(GATEWAY) }, ['Gateway gateway.corp.example: signed out']],
      [{ type: 'session', session: signedIn(gatewaySession()) }, ['Gateway gateway.corp.example: reachable']],
      [
        { type: 'session', session: signedIn(gatewaySession({ reachable: false, reachError: 'down' })) },
        ['Gateway gateway.corp.example: unreachable'],
      ],
      // The expiry itself is a notification; the session event after it turns the line.
      [
        { type: 'session-expired', gateway: GATEWAY, reason: 'refresh refused' },
        ['Gateway gateway.corp.example: unreachable'],
      ],
      [
        { type: 'session', session: signedIn(gatewaySession({ state: 'expired' })) },
        ['Gateway gateway.corp.example: session expired', 'Sign in again…'],
      ],
      [{ type: 'session', session: signedOut }, ['Gateway gateway.corp.example: signed out']],
      [{ type: 'settings', settings: settings(null) }, []],
    ];
    let view = EMPTY_TRAY_VIEW;
    for (const [event, expected] of steps) {
      view = foldTrayEvent(view, event);
      expect(gatewayLines(trayFor(view, null).items), JSON.stringify(event)).toEqual(expected);
    }
  });

  it('keeps the same view for events the tray does not show (no re-render)', () => {
    const view = foldTrayEvent(EMPTY_TRAY_VIEW, { type: 'settings', settings: settings(GATEWAY) });
    expect(foldTrayEvent(view, { type: 'session-expired', gateway: GATEWAY, reason: 'x' })).toBe(view);
    expect(foldTrayEvent(view, { type: 'connection-lost', resource: 'staging', reason: 'x' })).toBe(view);
  });

  it('resources events refresh the rows', () => {
    const view = foldTrayEvent(EMPTY_TRAY_VIEW, {
      type: 'resources',
      resources: [
        {
          name: 'staging',
          type: 'kubernetes-user-impersonation',
          port: 17001,
          state: 'connected',
          health: 'unknown',
          error: null,
          tags: {},
          server: null,
          healthcheckNamespace: 'default',
          via: null,
        },
      ],
    });
    expect(trayFor(view, null).tooltip).toBe('Gatehouse: 1 of 1 connected');
  });
});
