// What a tray action does through the API, and what the person is told about it. A click in the
// tray has no window to show an answer in, so a failure or refusal always becomes a notification,
// and so does the outcome of "Update kubectl configuration" (nothing else shows that it worked).
// Connecting needs no notice when it works: the ticks in the menu show it.
import type { ApiResult, GatehouseApi, KubeconfigUpdate, ResourceStatus } from '../../../shared/api';
import type { TrayAction } from './tray-model';

export interface Notice {
  title: string;
  body: string;
}

/** The actions that go through the API; `open` and `quit` are the shell's own. */
export type TrayApiAction = Exclude<TrayAction, { kind: 'open' } | { kind: 'quit' }>;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function kubeconfigNotice(result: ApiResult<KubeconfigUpdate>): Notice {
  if (!result.ok) {
    const hint = result.error.code === 'refused' ? ' Open Gatehouse → Update kubectl configuration to review the change.' : '';
    return { title: 'kubectl configuration not updated', body: `${result.error.message}${hint}` };
  }
  const u = result.value;
  const contexts = `${plural(u.added.length + u.updated.length + u.unchanged.length, 'context')} in ${u.file}`;
  if (!u.written) return { title: 'kubectl configuration is up to date', body: contexts };
  const changes = [
    u.added.length > 0 ? `${u.added.length} added` : null,
    u.updated.length > 0 ? `${u.updated.length} updated` : null,
    u.removed.length > 0 ? `${u.removed.length} removed` : null,
  ].filter((c) => c !== null);
  const tightened = u.tightened ? `; made owner-only (${u.tightened.from} → ${u.tightened.to})` : '';
  return { title: 'kubectl configuration updated', body: `${contexts}${changes.length > 0 ? ` (${changes.join(', ')})` : ''}${tightened}` };
}

/** `names` null: all assigned resources. */
export function connectNotice(names: string[] | null, result: ApiResult<{ resources: ResourceStatus[] }>): Notice | null {
  const what = names === null ? 'all resources' : names.join(', ');
  if (!result.ok) return { title: `Could not connect ${what}`, body: result.error.message };
  const failed = result.value.resources.filter((r) => (names === null || names.includes(r.name)) && r.state === 'error');
  if (failed.length === 0) return null;
  return {
    title: `${failed.map((r) => r.name).join(', ')}: not connected`,
    body: failed.map((r) => (failed.length === 1 ? (r.error ?? 'failed') : `${r.name}: ${r.error ?? 'failed'}`)).join('\n'),
  };
}

export function disconnectNotice(names: string[] | null, result: ApiResult<{ resources: ResourceStatus[] }>): Notice | null {
  if (result.ok) return null;
  return { title: `Could not disconnect ${names === null ? 'all resources' : names.join(', ')}`, body: result.error.message };
}

/** Runs the action through the host's API and says what to notify, if anything. */
export async function runTrayAction(action: TrayApiAction, invoke: GatehouseApi['invoke']): Promise<Notice | null> {
  switch (action.kind) {
    case 'toggle':
      return action.connect
        ? connectNotice([action.name], await invoke('connections.connect', { names: [action.name] }))
        : disconnectNotice([action.name], await invoke('connections.disconnect', { names: [action.name] }));
    case 'connect-all':
      return connectNotice(null, await invoke('connections.connect', { all: true }));
    case 'disconnect-all':
      return disconnectNotice(null, await invoke('connections.disconnect', { all: true }));
    case 'update-kubeconfig':
      return kubeconfigNotice(await invoke('kubeconfig.update', { dryRun: false }));
  }
}
