// dispatch is the one door into the core: every channel, driven with a malformed request, answers a
// usage error naming the channel and the field, and its handler never runs. The table is keyed by
// every channel, so a new channel without a malformed case here (or without a schema) fails.
import { describe, expect, it } from 'vitest';
import { API_CHANNELS, type ApiChannel } from '../../shared/api';
import { API_REQUEST_SCHEMAS } from '../../shared/api-schemas';
import { GatehouseError } from '../../shared/errors';
import { dispatch, type HandlerTable } from './handlers';

/** A table whose handlers record what they were given; none may be reached by a malformed request. */
function recordingTable(): { table: HandlerTable; calls: Array<[ApiChannel, unknown]> } {
  const calls: Array<[ApiChannel, unknown]> = [];
  const table = Object.fromEntries(
    API_CHANNELS.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push([channel, request]);
        return { answered: channel };
      },
    ]),
  ) as unknown as HandlerTable;
  return { table, calls };
}

/** Per channel: a malformed request and the exact usage message it must get. */
const MALFORMED: { readonly [C in ApiChannel]: ReadonlyArray<readonly [request: unknown, message: string]> } = {
  'app.info': [['hello', 'app.info: request: expected no request, got a string']],
  'session.get': [[{ x: 1 }, 'session.get: request: expected no request, got an object']],
  'session.signIn': [
    [{ orgFile: '/o.yaml' }, 'session.signIn: user: missing: expected a string'],
    [{ orgFile: '/o.yaml', user: 7 }, 'session.signIn: user: expected a string, got a whole number'],
    [{ orgFile: '', user: 'a@b' }, 'session.signIn: orgFile: must not be empty'],
    [{ orgFile: '/o.yaml', user: 'a@b', admin: true }, 'session.signIn: admin: unknown field'],
    ['/o.yaml', 'session.signIn: request: expected an object, got a string'],
  ],
  'session.signOut': [[[], 'session.signOut: request: expected no request, got a list']],
  'org.users': [[{ orgFile: ['x'] }, 'org.users: orgFile: expected a string, got a list']],
  'org.demo': [[0, 'org.demo: request: expected no request, got a whole number']],
  'resources.list': [[true, 'resources.list: request: expected no request, got a boolean']],
  'connections.connect': [
    [{ names: ['staging', 1] }, 'connections.connect: names[1]: expected a string, got a whole number'],
    [{ names: 'staging' }, 'connections.connect: names: expected a list, got a string'],
    [{ all: false }, 'connections.connect: all: expected true'],
    [{}, 'connections.connect: request: expected {"names": …} or {"all": …}'],
    [undefined, 'connections.connect: request: expected an object, got no request'],
  ],
  'connections.disconnect': [[{ names: [null] }, 'connections.disconnect: names[0]: expected a string, got null']],
  'kubeconfig.update': [
    [{}, 'kubeconfig.update: dryRun: missing: expected true or false'],
    [{ dryRun: 'no' }, 'kubeconfig.update: dryRun: expected true or false, got a string'],
    [
      { dryRun: true, rotateTokens: true },
      'kubeconfig.update: rotateTokens: cannot be combined with a dry run (rotating writes new tokens)',
    ],
    [
      { dryRun: false, orgFile: '/o.yaml' },
      'kubeconfig.update: user: missing: orgFile and user name a person together',
    ],
    [
      { dryRun: false, environment: { cwd: 1 } },
      'kubeconfig.update: environment.cwd: expected a string, got a whole number',
    ],
    [{ dryRun: false, useContext: '' }, 'kubeconfig.update: useContext: must not be empty'],
  ],
  'identity.whoami': [[{ orgFile: '/o.yaml' }, 'identity.whoami: user: missing: expected a string']],
  'roles.preview': [[{ orgFile: 3 }, 'roles.preview: orgFile: expected a string, got a whole number']],
  'admin.rolesWithBindings': [[{ org: '/o.yaml' }, 'admin.rolesWithBindings: org: unknown field']],
  'admin.usersAccess': [[{ users: [''] }, 'admin.usersAccess: users[0]: must not be empty']],
  'admin.doctor': [[{ names: [{}] }, 'admin.doctor: names[0]: expected a string, got an object']],
  'admin.rbac': [[{ broad: 'yes' }, 'admin.rbac: broad: expected true or false, got a string']],
  'activity.requests': [
    [{ limit: '10' }, 'activity.requests: limit: expected a number, got a string'],
    [{ limit: 2.5 }, 'activity.requests: limit: expected a whole number, got a number'],
  ],
  'activity.recordings': [['all', 'activity.recordings: request: expected no request, got a string']],
  'activity.recording': [[{}, 'activity.recording: id: missing: expected a string']],
  'settings.get': [[{ orgFile: null }, 'settings.get: request: expected no request, got an object']],
  'settings.update': [
    [{ portRange: { first: 'a', last: 2 } }, 'settings.update: portRange.first: expected a number, got a string'],
    [{ launchAtLogin: 1 }, 'settings.update: launchAtLogin: expected true or false, got a whole number'],
    [{ theme: 'dark' }, 'settings.update: theme: unknown field'],
  ],
  'gateway.signIn': [
    [{}, 'gateway.signIn: gateway: missing: expected a string'],
    [
      { gateway: 'https://g.example.com', device: 'yes' },
      'gateway.signIn: device: expected true or false, got a string',
    ],
    [{ gateway: 'https://g.example.com', token: 'x' }, 'gateway.signIn: token: unknown field'],
  ],
  'gateway.awaitSignIn': [[{ id: 3 }, 'gateway.awaitSignIn: id: expected a string, got a whole number']],
  'gateway.cancelSignIn': [[{}, 'gateway.cancelSignIn: id: missing: expected a string']],
  'gateway.refresh': [[{ now: true }, 'gateway.refresh: request: expected no request, got an object']],
  'gateway.credential': [[{ resource: '' }, 'gateway.credential: resource: must not be empty']],
};

describe('dispatch validates every request against its channel schema', () => {
  it('has a schema and a malformed case for every channel', () => {
    expect(Object.keys(API_REQUEST_SCHEMAS).sort()).toEqual([...API_CHANNELS].sort());
    expect(Object.keys(MALFORMED).sort()).toEqual([...API_CHANNELS].sort());
  });

  for (const channel of API_CHANNELS) {
    it(`${channel}: a malformed request is a usage error naming the field; the handler never runs`, async () => {
      const { table, calls } = recordingTable();
      for (const [request, message] of MALFORMED[channel]) {
        expect(await dispatch(table, channel, request), JSON.stringify(request)).toEqual({
          ok: false,
          error: { code: 'usage', message },
        });
      }
      expect(calls).toEqual([]);
    });
  }

  it('an unknown channel is a usage error too', async () => {
    const { table } = recordingTable();
    expect(await dispatch(table, 'admin.everything', {})).toEqual({
      ok: false,
      error: { code: 'usage', message: 'unknown channel "admin.everything"' },
    });
  });

  it('hands the handler the parsed request: null for "no request" arrives as undefined', async () => {
    const { table, calls } = recordingTable();
    expect(await dispatch(table, 'session.get', null)).toEqual({ ok: true, value: { answered: 'session.get' } });
    expect(await dispatch(table, 'connections.connect', { all: true })).toMatchObject({ ok: true });
    expect(await dispatch(table, 'identity.whoami', undefined)).toMatchObject({ ok: true });
    expect(
      await dispatch(table, 'kubeconfig.update', { dryRun: true, force: true, environment: { KUBECONFIG: '' } }),
    ).toMatchObject({ ok: true });
    expect(calls).toEqual([
      ['session.get', undefined],
      ['connections.connect', { all: true }],
      ['identity.whoami', undefined],
      ['kubeconfig.update', { dryRun: true, force: true, environment: { KUBECONFIG: '' } }],
    ]);
  });

  it("a handler's failure keeps its kind; anything else thrown is internal, never a crash", async () => {
    const { table } = recordingTable();
    table['resources.list'] = async () => {
      throw new GatehouseError('not-signed-in', 'not signed in: choose an org file and a user first');
    };
    table['app.info'] = async () => {
      throw new TypeError('x is undefined');
    };
    expect(await dispatch(table, 'resources.list', undefined)).toEqual({
      ok: false,
      error: { code: 'not-signed-in', message: 'not signed in: choose an org file and a user first' },
    });
    expect(await dispatch(table, 'app.info', undefined)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'x is undefined' },
    });
  });
});
