// The resource, activity, settings and app-info stores against a fake window.gatehouse: what each
// asks, what it shows after an answer or a failure, and the order and bounds it keeps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_VERSION, type RecordingSummary, type ResourceStatus, type Settings } from '../../shared/api';
import type { RequestRecord } from '../../shared/activity';
import { useAppInfo } from './app-info-store';
import { FakeGatehouse, fakeWindow, resettable, resetStores } from './fake-gatehouse.test-support';
import { useRecordings } from './recordings-store';
import { useRequests } from './requests-store';
import { useResources } from './resources-store';
import { useSettings } from './settings-store';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(
    resettable(useAppInfo),
    resettable(useRecordings),
    resettable(useRequests),
    resettable(useResources),
    resettable(useSettings),
  );
});
afterEach(() => vi.unstubAllGlobals());

const resource = (name: string, state: ResourceStatus['state']): ResourceStatus => ({
  name,
  type: 'kubernetes',
  port: 17001,
  state,
  health: 'unknown',
  error: null,
  tags: {},
  server: null,
  healthcheckNamespace: 'default',
  via: null,
});
const record = (time: string): RequestRecord => ({
  time,
  resource: 'dev',
  user: 'a@x',
  groups: [],
  verb: 'get',
  method: 'GET',
  path: '/api/v1/pods',
  namespace: null,
  apiResource: 'pods',
  status: 200,
  bytes: 1,
  durationMs: 1,
});
const recording = (id: string, time: string): RecordingSummary => ({
  id,
  time,
  resource: 'dev',
  user: 'a@x',
  namespace: 'default',
  pod: 'p',
  container: null,
  command: ['sh'],
  subresource: 'exec',
  bytes: 10,
});
const settings: Settings = {
  orgFile: null,
  user: null,
  kubeconfigPath: null,
  portRange: { first: 17000, last: 17099 },
  launchAtLogin: false,
  keepRunningInTray: true,
  recordingsMaxAgeDays: 30,
  recordingsMaxTotalBytes: 1_000_000,
  gatewayUrl: null,
  gatewayCaFile: null,
};

describe('resources store', () => {
  it('a toggle is pending until answered; the answer replaces the list; a failure is shown until dismissed', async () => {
    void useResources.getState().load();
    await api.answer('resources.list', { resources: [resource('dev', 'disconnected')] });
    expect(useResources.getState()).toMatchObject({ loaded: true, loadError: null });

    void useResources.getState().setConnected('dev', true);
    expect(api.made().at(-1)).toEqual({ channel: 'connections.connect', request: { names: ['dev'] } });
    expect([...useResources.getState().pending]).toEqual(['dev']);
    await api.answer('connections.connect', { resources: [resource('dev', 'connected')] });
    expect(useResources.getState()).toMatchObject({
      resources: [{ name: 'dev', state: 'connected' }],
      actionError: null,
    });
    expect(useResources.getState().pending.size).toBe(0);

    void useResources.getState().setConnected('dev', false);
    await api.fail('connections.disconnect', 'internal', 'boom');
    expect(useResources.getState().actionError).toEqual({ title: 'Could not disconnect dev', message: 'boom' });
    useResources.getState().dismissActionError();
    expect(useResources.getState().actionError).toBeNull();
  });

  it('one bulk action at a time', async () => {
    void useResources.getState().changeAll('connect');
    void useResources.getState().changeAll('disconnect');
    expect(api.made()).toEqual([{ channel: 'connections.connect', request: { all: true } }]);
    await api.fail('connections.connect', 'refused', 'prod is not assigned to you');
    expect(useResources.getState()).toMatchObject({
      bulkPending: null,
      actionError: { title: 'Could not connect all resources', message: 'prod is not assigned to you' },
    });
  });
});

describe('requests store', () => {
  it('loads the audit tail newest first; live records go on top, kept to 2000', async () => {
    void useRequests.getState().load();
    expect(api.made()).toEqual([{ channel: 'activity.requests', request: { limit: 500 } }]);
    await api.answer('activity.requests', {
      requests: [record('2025-01-01T00:00:01Z'), record('2025-01-01T00:00:03Z'), record('2025-01-01T00:00:02Z')],
    });
    expect(useRequests.getState().records.map((r) => r.time)).toEqual([
      '2025-01-01T00:00:03Z',
      '2025-01-01T00:00:02Z',
      '2025-01-01T00:00:01Z',
    ]);
    for (let i = 0; i < 2100; i++)
      useRequests.getState().add(record(`2025-01-02T00:00:00.${String(i).padStart(4, '0')}Z`));
    const { records } = useRequests.getState();
    expect(records).toHaveLength(2000);
    expect(records[0]!.time).toBe('2025-01-02T00:00:00.2099Z');
  });

  it('a failed load keeps what was shown and says why', async () => {
    useRequests.getState().add(record('2025-01-01T00:00:00Z'));
    void useRequests.getState().load();
    await api.fail('activity.requests', 'unavailable', 'audit log unreadable');
    expect(useRequests.getState()).toMatchObject({
      loading: false,
      loaded: false,
      error: { message: 'audit log unreadable' },
      records: [{ time: '2025-01-01T00:00:00Z' }],
    });
  });
});

describe('recordings store', () => {
  it('lists newest first; opens one as a cast; a broken one says which and why', async () => {
    void useRecordings.getState().load();
    await api.answer('activity.recordings', {
      recordings: [recording('a', '2025-01-01T00:00:00Z'), recording('b', '2025-01-02T00:00:00Z')],
    });
    const list = useRecordings.getState().recordings;
    expect(list.status === 'ready' && list.value.map((r) => r.id)).toEqual(['b', 'a']);

    void useRecordings.getState().open('b');
    expect(useRecordings.getState()).toMatchObject({ openId: 'b', cast: { status: 'loading', previous: null } });
    await api.answer('activity.recording', { cast: '{"version":2,"width":80,"height":24}\n[0.5,"o","hi"]\n' });
    expect(useRecordings.getState().cast).toEqual({
      status: 'ready',
      value: {
        width: 80,
        height: 24,
        chunks: [{ at: 0.5, stream: 'stdout', data: 'hi' }],
        duration: 0.5,
        idleLimit: 2,
        notes: [],
      },
    });

    void useRecordings.getState().open('a');
    await api.answer('activity.recording', { cast: '{"version":1}\n' });
    expect(useRecordings.getState().cast).toEqual({
      status: 'failed',
      error: { code: 'internal', message: 'Recording a cannot be replayed: line 1: not an asciicast v2 header' },
    });
  });

  it('closing the player while a recording loads keeps it closed', async () => {
    void useRecordings.getState().open('a');
    useRecordings.getState().closePlayer();
    await api.answer('activity.recording', { cast: '{"version":2}\n' });
    expect(useRecordings.getState()).toMatchObject({ openId: null, cast: { status: 'idle' } });
  });

  it('opening another recording before the first arrives shows the second', async () => {
    const first = useRecordings.getState().open('a');
    const second = useRecordings.getState().open('b');
    const [a, b] = [api.take('activity.recording'), api.take('activity.recording')];
    b.answer({ ok: true, value: { cast: '{"version":2,"width":1}\n' } });
    await second;
    a.answer({ ok: true, value: { cast: '{"version":2,"width":2}\n' } });
    await first;
    const cast = useRecordings.getState().cast;
    expect(cast.status === 'ready' && cast.value.width).toBe(1);
  });
});

describe('settings store', () => {
  it('saves the change; the answer is what is shown; a refused save keeps the saved settings and says why', async () => {
    void useSettings.getState().load();
    await api.answer('settings.get', settings);
    expect(
      await Promise.all([
        useSettings.getState().save({ launchAtLogin: true }),
        api.answer('settings.update', { ...settings, launchAtLogin: true }),
      ]),
    ).toEqual([true, undefined]);
    expect(api.made().at(-1)).toEqual({ channel: 'settings.update', request: { launchAtLogin: true } });
    expect(useSettings.getState()).toMatchObject({
      saving: false,
      saveError: null,
      settings: { status: 'ready', value: { launchAtLogin: true } },
    });
    expect(useSettings.getState().savedAt).not.toBeNull();

    const saving = useSettings.getState().save({ portRange: { first: 2, last: 1 } });
    expect(useSettings.getState().saving).toBe(true);
    await api.fail('settings.update', 'usage', 'settings.update: portRange: first must not exceed last');
    expect(await saving).toBe(false);
    expect(useSettings.getState()).toMatchObject({
      saving: false,
      saveError: { code: 'usage' },
      settings: { status: 'ready', value: { launchAtLogin: true } },
    });
  });
});

describe('app info store', () => {
  it('a backend of another API version is reported; the same version is not', async () => {
    void useAppInfo.getState().load();
    await api.answer('app.info', { apiVersion: API_VERSION, version: '1.0.0', mode: 'browser', pid: 1 });
    expect(useAppInfo.getState()).toMatchObject({ info: { mode: 'browser' }, versionMismatch: null });

    void useAppInfo.getState().load();
    await api.answer('app.info', { apiVersion: API_VERSION + 1, version: '2.0.0', mode: 'browser', pid: 1 });
    expect(useAppInfo.getState().versionMismatch).toContain(`Gatehouse answers with version ${API_VERSION + 1}`);
  });
});
