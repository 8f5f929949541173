// What a tray click is told: failures and refusals always, the kubectl configuration's outcome
// always, a connect that worked never (the ticks show it). runTrayAction is driven against a
// recording invoke, so each action's channel and request are checked too.
import { describe, expect, it } from 'vitest';
import type {
  ApiChannel,
  ApiResult,
  GatehouseApi,
  KubeconfigUpdate,
  ResourceStatus,
  SessionInfo,
} from '../../../shared/api';
import {
  connectNotice,
  disconnectNotice,
  kubeconfigNotice,
  runTrayAction,
  signedInAgainNotice,
  type Notice,
} from './tray-actions';

const update = (over: Partial<KubeconfigUpdate>): ApiResult<KubeconfigUpdate> => ({
  ok: true,
  value: {
    file: '/home/a/.kube/config',
    diff: '',
    added: [],
    updated: [],
    removed: [],
    unchanged: [],
    link: null,
    backup: null,
    written: true,
    created: false,
    tightened: null,
    ...over,
  },
});

function resource(name: string, state: ResourceStatus['state'], error: string | null = null): ResourceStatus {
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

describe('kubeconfig notice', () => {
  it('a write says how many contexts, where, what changed, and a tightening', () => {
    expect(kubeconfigNotice(update({ added: ['staging', 'prod'], updated: ['dev'], removed: ['old'] }))).toEqual({
      title: 'kubectl configuration updated',
      body: '3 contexts in /home/a/.kube/config (2 added, 1 updated, 1 removed)',
    });
    expect(kubeconfigNotice(update({ added: ['staging'], tightened: { from: '0644', to: '0600' } }))).toEqual({
      title: 'kubectl configuration updated',
      body: '1 context in /home/a/.kube/config (1 added); made owner-only (0644 → 0600)',
    });
  });

  it('nothing to change is said too (the click must show something)', () => {
    expect(kubeconfigNotice(update({ unchanged: ['staging', 'prod'], written: false }))).toEqual({
      title: 'kubectl configuration is up to date',
      body: '2 contexts in /home/a/.kube/config',
    });
  });

  it('a refusal carries its message and where to review it; another failure its message', () => {
    const message =
      'the kubeconfig /home/a/.kube/config has entries named gatehouse-staging that Gatehouse did not write';
    expect(kubeconfigNotice({ ok: false, error: { code: 'refused', message } })).toEqual({
      title: 'kubectl configuration not updated',
      body: `${message} Open Gatehouse → Update kubectl configuration to review the change.`,
    });
    expect(kubeconfigNotice({ ok: false, error: { code: 'config', message: 'bad YAML at line 3' } })).toEqual({
      title: 'kubectl configuration not updated',
      body: 'bad YAML at line 3',
    });
  });
});

describe('connect and disconnect notices', () => {
  it('silent when it worked; the resources that ended in error otherwise; the error when the call failed', () => {
    expect(
      connectNotice(['staging'], {
        ok: true,
        value: { resources: [resource('staging', 'connected'), resource('prod', 'error', 'old')] },
      }),
    ).toBeNull();
    expect(
      connectNotice(['staging'], {
        ok: true,
        value: { resources: [resource('staging', 'error', 'port 17001 is in use')] },
      }),
    ).toEqual({ title: 'staging: not connected', body: 'port 17001 is in use' });
    expect(
      connectNotice(null, {
        ok: true,
        value: {
          resources: [resource('staging', 'error', 'a'), resource('prod', 'error', 'b'), resource('dev', 'connected')],
        },
      }),
    ).toEqual({
      title: 'staging, prod: not connected',
      body: 'staging: a\nprod: b',
    });
    expect(
      connectNotice(['staging'], {
        ok: false,
        error: { code: 'unavailable', message: 'port 17001 for resource "staging" is already in use' },
      }),
    ).toEqual({
      title: 'Could not connect staging',
      body: 'port 17001 for resource "staging" is already in use',
    });
    expect(disconnectNotice(null, { ok: true, value: { resources: [] } })).toBeNull();
    expect(disconnectNotice(null, { ok: false, error: { code: 'not-signed-in', message: 'not signed in' } })).toEqual({
      title: 'Could not disconnect all resources',
      body: 'not signed in',
    });
  });
});

describe('runTrayAction', () => {
  function recorder(answer: ApiResult<unknown>): {
    invoke: GatehouseApi['invoke'];
    calls: Array<[ApiChannel, unknown]>;
  } {
    const calls: Array<[ApiChannel, unknown]> = [];
    const invoke = ((channel: ApiChannel, request: unknown) => {
      calls.push([channel, request]);
      return Promise.resolve(answer);
    }) as GatehouseApi['invoke'];
    return { invoke, calls };
  }

  it('calls the channel each action stands for and reports what came back', async () => {
    const refused = recorder({ ok: false, error: { code: 'refused', message: 'foreign entries' } });
    expect(await runTrayAction({ kind: 'update-kubeconfig' }, refused.invoke)).toMatchObject({
      title: 'kubectl configuration not updated',
    });
    expect(refused.calls).toEqual([['kubeconfig.update', { dryRun: false }]]);

    const ok = recorder({ ok: true, value: { resources: [resource('staging', 'connected')] } });
    expect(await runTrayAction({ kind: 'toggle', name: 'staging', connect: true }, ok.invoke)).toBeNull();
    expect(await runTrayAction({ kind: 'toggle', name: 'staging', connect: false }, ok.invoke)).toBeNull();
    expect(await runTrayAction({ kind: 'connect-all' }, ok.invoke)).toBeNull();
    expect(await runTrayAction({ kind: 'disconnect-all' }, ok.invoke)).toBeNull();
    expect(ok.calls).toEqual([
      ['connections.connect', { names: ['staging'] }],
      ['connections.disconnect', { names: ['staging'] }],
      ['connections.connect', { all: true }],
      ['connections.disconnect', { all: true }],
    ]);
  });
});

describe('sign in again from the tray', () => {
  const GATEWAY = 'https://gatehouse.example.com';
  const settings = {
    orgFile: null,
    user: null,
    kubeconfigPath: null,
    portRange: { first: 17000, last: 17099 },
    launchAtLogin: false,
    keepRunningInTray: true,
    recordingsMaxAgeDays: 30,
    recordingsMaxTotalBytes: 1,
    gatewayUrl: GATEWAY,
    gatewayCaFile: '/etc/gatehouse/ca.pem',
  };
  const session: SessionInfo = {
    orgFile: null,
    user: 'alice@example.com',
    identity: { email: 'alice@example.com', name: null, roles: [], groups: [], warnings: [], resources: [] },
    error: null,
    gateway: {
      url: GATEWAY,
      issuer: 'https://idp.example.com',
      state: 'signed-in',
      tokenExpiresAt: null,
      reachable: true,
      reachError: null,
      checkedAt: null,
      admin: false,
      tokenStorage: 'encrypted',
    },
  };

  /** Answers by channel, recording each call. */
  function host(answers: Partial<Record<ApiChannel, ApiResult<unknown>>>): {
    invoke: GatehouseApi['invoke'];
    calls: Array<[ApiChannel, unknown]>;
  } {
    const calls: Array<[ApiChannel, unknown]> = [];
    const invoke = ((channel: ApiChannel, request: unknown) => {
      calls.push([channel, request]);
      return Promise.resolve(
        answers[channel] ?? { ok: false, error: { code: 'internal', message: `unexpected ${channel}` } },
      );
    }) as GatehouseApi['invoke'];
    return { invoke, calls };
  }

  it('starts the sign-in with the remembered CA file (the host opens the browser), waits, says who is signed in', async () => {
    const { invoke, calls } = host({
      'settings.get': { ok: true, value: settings },
      'gateway.signIn': {
        ok: true,
        value: { id: 's1', gateway: GATEWAY, kind: 'browser', url: 'https://idp.example.com/auth', opened: true },
      },
      'gateway.awaitSignIn': { ok: true, value: session },
    });
    const early: Notice[] = [];
    expect(await runTrayAction({ kind: 'sign-in-again', gateway: GATEWAY }, invoke, (n) => early.push(n))).toEqual({
      title: `Signed in to ${GATEWAY}`,
      body: 'As alice@example.com; kubectl works through the gateway again.',
    });
    expect(calls).toEqual([
      ['settings.get', undefined],
      ['gateway.signIn', { gateway: GATEWAY, caFile: '/etc/gatehouse/ca.pem' }],
      ['gateway.awaitSignIn', { id: 's1' }],
    ]);
    expect(early).toEqual([]);
  });

  it('a browser the host did not open: where to go is said at once', async () => {
    const { invoke } = host({
      'settings.get': { ok: true, value: { ...settings, gatewayUrl: 'https://other.example.com' } },
      'gateway.signIn': {
        ok: true,
        value: { id: 's1', gateway: GATEWAY, kind: 'browser', url: 'https://idp.example.com/auth', opened: false },
      },
      'gateway.awaitSignIn': { ok: false, error: { code: 'refused', message: 'the person cancelled sign-in' } },
    });
    const early: Notice[] = [];
    expect(await runTrayAction({ kind: 'sign-in-again', gateway: GATEWAY }, invoke, (n) => early.push(n))).toEqual({
      title: `Not signed in to ${GATEWAY}`,
      body: 'the person cancelled sign-in',
    });
    expect(early).toEqual([
      { title: `Sign in to ${GATEWAY}`, body: 'Open https://idp.example.com/auth in your browser.' },
    ]);
  });

  it('a refused start carries the host’s message', async () => {
    const { invoke, calls } = host({
      'settings.get': { ok: true, value: settings },
      'gateway.signIn': { ok: false, error: { code: 'unavailable', message: `${GATEWAY}: connect ECONNREFUSED` } },
    });
    expect(await runTrayAction({ kind: 'sign-in-again', gateway: GATEWAY }, invoke)).toEqual({
      title: `Could not sign in to ${GATEWAY}`,
      body: `${GATEWAY}: connect ECONNREFUSED`,
    });
    expect(calls.map(([channel]) => channel)).toEqual(['settings.get', 'gateway.signIn']);
  });

  it('signed in but without an identity: the session’s error', () => {
    expect(
      signedInAgainNotice(GATEWAY, {
        ok: true,
        value: { ...session, identity: null, error: 'alice@example.com is not in the org' },
      }),
    ).toEqual({ title: `Signed in to ${GATEWAY}`, body: 'alice@example.com is not in the org' });
  });
});
