// The tray menu as the person sees it: labels, ticks, what is greyed out, the tooltip, and which
// action each item triggers (main/tray.ts only hands this to Electron).
import { describe, expect, it } from 'vitest';
import type { ConnectionState, ResourceStatus } from '../../../shared/api';
import { trayModel, type TrayItem } from './tray-model';

function resource(name: string, state: ConnectionState, error: string | null = null): ResourceStatus {
  return { name, type: 'kubernetes-user-impersonation', port: 17001, state, health: 'unknown', error, tags: {}, server: null, healthcheckNamespace: 'default', via: null };
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
    const model = trayModel({ resources: [resource('staging', 'connected'), resource('prod', 'disconnected'), resource('dev', 'error', 'port in use'), resource('qa', 'connecting')], attachedTo: null });
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
    const model = trayModel({ resources: [resource('staging', 'disconnected')], attachedTo: { mode: 'agent', pid: 4242 } });
    expect(lines(model.items).slice(0, 3)).toEqual(['Gatehouse — 0 of 1 connected (disabled)', 'Connections held by the background agent (pid 4242) (disabled)', '---']);
  });
});
