// What a tray action does through the API, and what the person is told about it. A click in the
// tray has no window to show an answer in, so a failure or refusal always becomes a notification,
// and so does the outcome of "Update kubectl configuration" (nothing else shows that it worked).
// Connecting needs no notice when it works: the ticks in the menu show it.
import type {
  ApiResult,
  GatehouseApi,
  KubeconfigUpdate,
  PendingSignIn,
  ResourceStatus,
  SessionInfo,
} from '../../../shared/api';
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
    const hint =
      result.error.code === 'refused' ? ' Open Gatehouse → Update kubectl configuration to review the change.' : '';
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
  return {
    title: 'kubectl configuration updated',
    body: `${contexts}${changes.length > 0 ? ` (${changes.join(', ')})` : ''}${tightened}`,
  };
}

/** `names` null: all assigned resources. */
export function connectNotice(
  names: string[] | null,
  result: ApiResult<{ resources: ResourceStatus[] }>,
): Notice | null {
  const what = names === null ? 'all resources' : names.join(', ');
  if (!result.ok) return { title: `Could not connect ${what}`, body: result.error.message };
  const failed = result.value.resources.filter(
    (r) => (names === null || names.includes(r.name)) && r.state === 'error',
  );
  if (failed.length === 0) return null;
  return {
    title: `${failed.map((r) => r.name).join(', ')}: not connected`,
    body: failed
      .map((r) => (failed.length === 1 ? (r.error ?? 'failed') : `${r.name}: ${r.error ?? 'failed'}`))
      .join('\n'),
  };
}

export function disconnectNotice(
  names: string[] | null,
  result: ApiResult<{ resources: ResourceStatus[] }>,
): Notice | null {
  if (result.ok) return null;
  return {
    title: `Could not disconnect ${names === null ? 'all resources' : names.join(', ')}`,
    body: result.error.message,
  };
}

/** Where to go on with a sign-in the host did not open a browser for (the device flow, or no browser). */
function continueNotice(pending: PendingSignIn): Notice | null {
  if (pending.kind === 'device')
    return {
      title: `Sign in to ${pending.gateway}`,
      body: `Open ${pending.verificationUriComplete ?? pending.verificationUri} and enter the code ${pending.userCode}.`,
    };
  return pending.opened
    ? null
    : { title: `Sign in to ${pending.gateway}`, body: `Open ${pending.url} in your browser.` };
}

export function signedInAgainNotice(gateway: string, result: ApiResult<SessionInfo>): Notice {
  if (!result.ok) return { title: `Not signed in to ${gateway}`, body: result.error.message };
  const who = result.value.identity?.email;
  return {
    title: `Signed in to ${gateway}`,
    body: who
      ? `As ${who}; kubectl works through the gateway again.`
      : (result.value.error ?? 'The gateway session is back.'),
  };
}

/**
 * Sign in again at the gateway whose session expired: the host opens the IdP's page in the system
 * browser, the tray waits for the outcome and says it. The CA file is the one remembered for that
 * gateway (settings), as the window's "Sign in again" uses it.
 */
async function signInAgain(
  gateway: string,
  invoke: GatehouseApi['invoke'],
  notify: (notice: Notice) => void,
): Promise<Notice> {
  const settings = await invoke('settings.get', undefined);
  const caFile = settings.ok && settings.value.gatewayUrl === gateway ? settings.value.gatewayCaFile : null;
  const started = await invoke('gateway.signIn', { gateway, ...(caFile ? { caFile } : {}) });
  if (!started.ok) return { title: `Could not sign in to ${gateway}`, body: started.error.message };
  const onward = continueNotice(started.value);
  if (onward) notify(onward);
  return signedInAgainNotice(gateway, await invoke('gateway.awaitSignIn', { id: started.value.id }));
}

/**
 * Runs the action through the host's API and says what to notify, if anything. `notify` is for
 * what must be said before the outcome (where to sign in); it defaults to dropping it.
 */
export async function runTrayAction(
  action: TrayApiAction,
  invoke: GatehouseApi['invoke'],
  notify: (notice: Notice) => void = () => undefined,
): Promise<Notice | null> {
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
    case 'sign-in-again':
      return signInAgain(action.gateway, invoke, notify);
  }
}
