// The tray menu as data: items, labels, checked/enabled states, the tooltip, and which action each
// item triggers. Built here, in Node, where it is tested; main/tray.ts only hands it to Electron.
// Everything is in the context menu, because Linux AppIndicator ignores clicks on the icon.
import { PRODUCT_NAME } from '../../../shared';
import type { ResourceStatus } from '../../../shared/api';
import { describeHost, type HostIdentity } from '../../../shared/host-mode';

export type TrayAction =
  | { kind: 'toggle'; name: string; connect: boolean }
  | { kind: 'connect-all' }
  | { kind: 'disconnect-all' }
  | { kind: 'update-kubeconfig' }
  | { kind: 'open' }
  | { kind: 'quit' };

export type TrayItem =
  | { kind: 'separator' }
  /** `checked` only for checkbox items; no `action`: a line of information. */
  | { kind: 'item'; label: string; enabled: boolean; checked?: boolean; action?: TrayAction };

export interface TrayModel {
  tooltip: string;
  items: TrayItem[];
}

export interface TrayState {
  resources: ResourceStatus[];
  /** The host that holds the connections, when this app attached to another process. */
  attachedTo: HostIdentity | null;
}

const SEPARATOR: TrayItem = { kind: 'separator' };

/** On (ticked) while connected or on its way; unticking a connecting resource cancels it. */
function isOn(r: ResourceStatus): boolean {
  return r.state === 'connected' || r.state === 'connecting';
}

function resourceLabel(r: ResourceStatus): string {
  if (r.state === 'error') return `${r.name} (error)`;
  if (r.state === 'connecting') return `${r.name} (connecting…)`;
  return r.name;
}

export function trayModel(state: TrayState): TrayModel {
  const { resources } = state;
  const connected = resources.filter((r) => r.state === 'connected').length;
  const summary = `${connected} of ${resources.length} connected`;
  const header: TrayItem[] = [{ kind: 'item', label: `${PRODUCT_NAME} — ${summary}`, enabled: false }];
  if (state.attachedTo) header.push({ kind: 'item', label: `Connections held by ${describeHost(state.attachedTo)}`, enabled: false });
  const rows: TrayItem[] =
    resources.length === 0
      ? [{ kind: 'item', label: 'No resources (sign in first)', enabled: false }]
      : resources.map((r) => ({ kind: 'item', label: resourceLabel(r), enabled: true, checked: isOn(r), action: { kind: 'toggle', name: r.name, connect: !isOn(r) } }));
  return {
    tooltip: `${PRODUCT_NAME}: ${summary}`,
    items: [
      ...header,
      SEPARATOR,
      ...rows,
      SEPARATOR,
      { kind: 'item', label: 'Connect all', enabled: resources.some((r) => !isOn(r)), action: { kind: 'connect-all' } },
      { kind: 'item', label: 'Disconnect all', enabled: resources.some(isOn), action: { kind: 'disconnect-all' } },
      { kind: 'item', label: 'Update kubectl configuration', enabled: resources.length > 0, action: { kind: 'update-kubeconfig' } },
      SEPARATOR,
      { kind: 'item', label: `Open ${PRODUCT_NAME}`, enabled: true, action: { kind: 'open' } },
      { kind: 'item', label: 'Quit', enabled: true, action: { kind: 'quit' } },
    ],
  };
}
