// The tray menu as the person sees it: labels, ticks, what is greyed out, the tooltip, and which
// action each item triggers (main/tray.ts only hands this to Electron).
import { describe, expect, it } from 'vitest';
import type { ConnectionState, GatewaySession, ResourceStatus, SessionInfo } from '../../../shared/api';
import { trayGateway, trayModel, type TrayGateway, type TrayItem } from './tray-model';

function resource(name: string, state: ConnectionState, error: string | null = null): ResourceStatus {
  return {
    name,
    type: 'kubernetes-user-impersonation',
    port: 17001,
    state,
    health: 'unknown',
    error,
    tags: {},
    server: null,
    healthcheckNamespace: 'default',
    via: null,
  };
}

/** One line per item, to compare whole menus at a glance. */
function lines(items: TrayItem[]): string[] {
  return items.map((item) => {
    if (item.kind === 'separator') return '---';
    const tick = item.checked === undefined ? '' : item.checked ? '[x] ' : '[ ] ';
    const action = item.action ? ` -> ${JSON.stringify(item.action)}` : '';
    return `${tick}${item.label}${item.enabled ? '' : ' (disabled)'}${action}`;
  });
}

describe('tray model', () => {
  it('one checkbox per resource, ticked while connected or connecting; each toggles the other way', () => {
    const model = trayModel({
      resources: [
        resource('staging', 'connected'),
        resource('prod', 'disconnected'),
        resource('dev', 'error', 'port in use'),
        resource('qa', 'connecting'),
      ],
      attachedTo: null,
    });
    expect(model.tooltip).toBe('Gatehouse: 1 of 4 connected');
    expect(lines(model.items)).toEqual([
      'Gatehouse — 1 of 4 connected (disabled)',
      '---',
      '[x] staging -> {"kind":"toggle","name":"staging","connect":false}',
      '[ ] prod -> {"kind":"toggle","name":"prod","connect":true}',
      '[ ] dev (error) -> {"kind":"toggle","name":"dev","connect":true}',
      '[x] qa (connecting…) -> {"kind":"toggle","name":"qa","connect":false}',
      '---',
      'Connect all -> {"kind":"connect-all"}',
      'Disconnect all -> {"kind":"disconnect-all"}',
      'Update kubectl configuration -> {"kind":"update-kubeconfig"}',
      '---',
      'Open Gatehouse -> {"kind":"open"}',
      'Quit -> {"kind":"quit"}',
    ]);
  });

  it('greys out what cannot be done: nothing to connect, nothing to disconnect, no resources', () => {
    const all = lines(trayModel({ resources: [resource('staging', 'connected')], attachedTo: null }).items);
    expect(all).toContain('Connect all (disabled) -> {"kind":"connect-all"}');
    expect(all).toContain('Disconnect all -> {"kind":"disconnect-all"}');

    const none = trayModel({ resources: [], attachedTo: null });
    expect(none.tooltip).toBe('Gatehouse: 0 of 0 connected');
    expect(lines(none.items)).toEqual([
      'Gatehouse — 0 of 0 connected (disabled)',
      '---',
      'No resources (sign in first) (disabled)',
      '---',
      'Connect all (disabled) -> {"kind":"connect-all"}',
      'Disconnect all (disabled) -> {"kind":"disconnect-all"}',
      'Update kubectl configuration (disabled) -> {"kind":"update-kubeconfig"}',
      '---',
      'Open Gatehouse -> {"kind":"open"}',
      'Quit -> {"kind":"quit"}',
    ]);
  });

  it('says which host holds the connections when the app attached to another one', () => {
    const model = trayModel({
      resources: [resource('staging', 'disconnected')],
      attachedTo: { mode: 'agent', pid: 4242 },
    });
    expect(lines(model.items).slice(0, 3)).toEqual([
      'Gatehouse — 0 of 1 connected (disabled)',
      'Connections held by the background agent (pid 4242) (disabled)',
      '---',
    ]);
  });
});

const GATEWAY = 'https://gatehouse.example.com:8443';

function gatewaySession(over: Partial<GatewaySession> = {}): GatewaySession {
  return {
    url: GATEWAY,
    issuer: 'https://idp.example.com',
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

describe('tray model in gateway mode', () => {
  it.each<[string, TrayGateway, string[], string]>([
    [
      'reachable',
      { url: GATEWAY, session: gatewaySession() },
      ['Gateway gatehouse.example.com:8443: reachable (disabled)'],
      'Gatehouse: 1 of 1 connected',
    ],
    [
      'not asked yet',
      { url: GATEWAY, session: gatewaySession({ reachable: null }) },
      ['Gateway gatehouse.example.com:8443: not checked yet (disabled)'],
      'Gatehouse: 1 of 1 connected',
    ],
    [
      'unreachable: said in the tooltip too',
      { url: GATEWAY, session: gatewaySession({ reachable: false, reachError: 'ECONNREFUSED' }) },
      ['Gateway gatehouse.example.com:8443: unreachable (disabled)'],
      'Gatehouse: 1 of 1 connected · gateway unreachable',
    ],
    [
      'expired: "Sign in again…" for that gateway',
      { url: GATEWAY, session: gatewaySession({ state: 'expired' }) },
      [
        'Gateway gatehouse.example.com:8443: session expired (disabled)',
        `Sign in again… -> {"kind":"sign-in-again","gateway":"${GATEWAY}"}`,
      ],
      'Gatehouse: 1 of 1 connected · gateway session expired',
    ],
    [
      'signed out',
      { url: GATEWAY, session: null },
      ['Gateway gatehouse.example.com:8443: signed out (disabled)'],
      'Gatehouse: 1 of 1 connected · gateway signed out',
    ],
  ])('%s', (_name, gateway, gatewayLines, tooltip) => {
    const model = trayModel({ resources: [resource('staging', 'connected')], attachedTo: null, gateway });
    expect(model.tooltip).toBe(tooltip);
    expect(lines(model.items).slice(0, 2 + gatewayLines.length)).toEqual([
      'Gatehouse — 1 of 1 connected (disabled)',
      ...gatewayLines,
      '---',
    ]);
  });

  it('local mode (no gateway, or null) has no gateway line: the menu as before', () => {
    const before = trayModel({ resources: [resource('staging', 'connected')], attachedTo: null });
    expect(trayModel({ resources: [resource('staging', 'connected')], attachedTo: null, gateway: null })).toEqual(
      before,
    );
    expect(lines(before.items).some((line) => line.startsWith('Gateway'))).toBe(false);
  });
});

describe('trayGateway', () => {
  const base: SessionInfo = { orgFile: null, user: null, identity: null, error: null, gateway: null };
  const identity = { email: 'a@x', name: null, roles: [], groups: [], warnings: [], resources: [] };
  it.each<[string, SessionInfo | null, string | null, TrayGateway | null]>([
    [
      'signed in at a gateway: its session',
      { ...base, user: 'a@x', identity, gateway: gatewaySession() },
      null,
      { url: GATEWAY, session: gatewaySession() },
    ],
    ['signed out, a gateway remembered: signed out there', base, GATEWAY, { url: GATEWAY, session: null }],
    [
      'signed in with an org file: local mode, whatever is remembered',
      { ...base, orgFile: '/org.yaml', user: 'a@x', identity },
      GATEWAY,
      null,
    ],
    ['nothing remembered, nobody signed in: local mode', base, null, null],
    [
      'before the session is known, a remembered gateway: signed out there',
      null,
      GATEWAY,
      { url: GATEWAY, session: null },
    ],
  ])('%s', (_name, session, remembered, expected) => {
    expect(trayGateway(session, { gatewayUrl: remembered })).toEqual(expected);
  });
});
