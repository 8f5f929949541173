// The tray menu as data: items, labels, checked/enabled states, the tooltip, and which action each
// item triggers. Built here, in Node, where it is tested; main/tray.ts only hands it to Electron.
// Everything is in the context menu, because Linux AppIndicator ignores clicks on the icon.
import { PRODUCT_NAME } from '../../../shared';
import type { GatewaySession, ResourceStatus, SessionInfo, Settings } from '../../../shared/api';
import { describeHost, type HostIdentity } from '../../../shared/host-mode';

export type TrayAction =
  | { kind: 'toggle'; name: string; connect: boolean }
  | { kind: 'connect-all' }
  | { kind: 'disconnect-all' }
  | { kind: 'update-kubeconfig' }
  /** The gateway session expired: sign in at that gateway again (the system browser opens). */
  | { kind: 'sign-in-again'; gateway: string }
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

/** Gateway mode as the tray shows it: the gateway, and the session there (null: signed out). */
export interface TrayGateway {
  url: string;
  session: GatewaySession | null;
}

export interface TrayState {
  resources: ResourceStatus[];
  /** The host that holds the connections, when this app attached to another process. */
  attachedTo: HostIdentity | null;
  /** Gateway mode (trayGateway below); absent or null: local mode, no gateway line. */
  gateway?: TrayGateway | null;
}

/**
 * The gateway line's input from what the host says: the session's gateway while signed in there;
 * signed out, the gateway last signed in to (settings.gatewayUrl), unless an org file is in use.
 */
export function trayGateway(
  session: SessionInfo | null,
  settings: Pick<Settings, 'gatewayUrl'> | null,
): TrayGateway | null {
  if (session?.gateway) return { url: session.gateway.url, session: session.gateway };
  if (session?.orgFile != null && session.identity !== null) return null;
  const remembered = settings?.gatewayUrl ?? null;
  return remembered === null ? null : { url: remembered, session: null };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What the gateway line says: signed out, expired, or whether the gateway answers. */
function gatewayCondition(session: GatewaySession | null): string {
  if (session === null) return 'signed out';
  if (session.state === 'expired') return 'session expired';
  if (session.reachable === true) return 'reachable';
  if (session.reachable === false) return 'unreachable';
  return 'not checked yet';
}

function gatewayItems(gateway: TrayGateway): TrayItem[] {
  const items: TrayItem[] = [
    { kind: 'item', label: `Gateway ${hostOf(gateway.url)}: ${gatewayCondition(gateway.session)}`, enabled: false },
  ];
  if (gateway.session?.state === 'expired')
    items.push({
      kind: 'item',
      label: 'Sign in again…',
      enabled: true,
      action: { kind: 'sign-in-again', gateway: gateway.url },
    });
  return items;
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
  if (state.attachedTo)
    header.push({ kind: 'item', label: `Connections held by ${describeHost(state.attachedTo)}`, enabled: false });
  const gateway = state.gateway ?? null;
  if (gateway) header.push(...gatewayItems(gateway));
  // Only what needs the person's attention joins the tooltip: an expiry, an unreachable gateway.
  const condition = gateway ? gatewayCondition(gateway.session) : null;
  const attention =
    condition === 'session expired' || condition === 'unreachable' || condition === 'signed out'
      ? ` · gateway ${condition}`
      : '';
  const rows: TrayItem[] =
    resources.length === 0
      ? [{ kind: 'item', label: 'No resources (sign in first)', enabled: false }]
      : resources.map((r) => ({
          kind: 'item',
          label: resourceLabel(r),
          enabled: true,
          checked: isOn(r),
          action: { kind: 'toggle', name: r.name, connect: !isOn(r) },
        }));
  return {
    tooltip: `${PRODUCT_NAME}: ${summary}${attention}`,
    items: [
      ...header,
      SEPARATOR,
      ...rows,
      SEPARATOR,
      { kind: 'item', label: 'Connect all', enabled: resources.some((r) => !isOn(r)), action: { kind: 'connect-all' } },
      { kind: 'item', label: 'Disconnect all', enabled: resources.some(isOn), action: { kind: 'disconnect-all' } },
      {
        kind: 'item',
        label: 'Update kubectl configuration',
        enabled: resources.length > 0,
        action: { kind: 'update-kubeconfig' },
      },
      SEPARATOR,
      { kind: 'item', label: `Open ${PRODUCT_NAME}`, enabled: true, action: { kind: 'open' } },
      { kind: 'item', label: 'Quit', enabled: true, action: { kind: 'quit' } },
    ],
  };
}
