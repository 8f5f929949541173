// The admin stores against a fake window.gatehouse: what each asks the API, what a screen sees while
// loading and after, and that an answer for an older choice never replaces the newer one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../shared/api';
import type { ResourceDoctorReport, UserAccessPreview } from '../../shared/admin';
import { useDoctor } from './doctor-store';
import { FakeGatehouse, fakeWindow, resettable, resetStores } from './fake-gatehouse.test-support';
import { useRbac } from './rbac-store';
import { useRoleMapping } from './role-mapping-store';
import { useUserAccess } from './user-access-store';

let api: FakeGatehouse;
beforeEach(() => {
  api = new FakeGatehouse();
  vi.stubGlobal('window', fakeWindow(api));
  resetStores(resettable(useRbac), resettable(useRoleMapping), resettable(useUserAccess), resettable(useDoctor));
});
afterEach(() => vi.unstubAllGlobals());

const identity = (email: string): Identity => ({
  email,
  name: null,
  roles: [],
  groups: ['system:authenticated'],
  warnings: [],
  resources: [],
});
const accessOf = (email: string): UserAccessPreview => ({ ...identity(email), access: [] });
const report = (name: string, finding: string): ResourceDoctorReport => ({
  name,
  checks: [{ id: 'reachable', status: 'ok', finding, fix: null }],
});

describe('rbac store', () => {
  it('asks least-privilege first, broad when toggled; a toggle during a load makes the older answer irrelevant', async () => {
    const first = useRbac.getState().load();
    expect(api.made()).toEqual([{ channel: 'admin.rbac', request: {} }]);
    const toggled = useRbac.getState().setBroad(true);
    expect(api.made()[1]).toEqual({ channel: 'admin.rbac', request: { broad: true } });
    await api.answer('admin.rbac', { documents: [{ resource: 'dev', yaml: 'narrow' }] });
    await first;
    expect(useRbac.getState().documents.status).toBe('loading');
    await api.answer('admin.rbac', { documents: [{ resource: 'dev', yaml: 'broad' }] });
    await toggled;
    expect(useRbac.getState().documents).toEqual({ status: 'ready', value: [{ resource: 'dev', yaml: 'broad' }] });
  });

  it('a refresh keeps the documents on screen until the answer; a failure shows the error', async () => {
    void useRbac.getState().load();
    await api.answer('admin.rbac', { documents: [{ resource: 'dev', yaml: 'a' }] });
    void useRbac.getState().load();
    expect(useRbac.getState().documents).toEqual({ status: 'loading', previous: [{ resource: 'dev', yaml: 'a' }] });
    await api.fail('admin.rbac', 'config', 'org.yaml: resources.dev: unknown cluster');
    expect(useRbac.getState().documents).toEqual({
      status: 'failed',
      error: { code: 'config', message: 'org.yaml: resources.dev: unknown cluster' },
    });
  });
});

describe('role mapping store', () => {
  it('settles with the roles of the answer', async () => {
    void useRoleMapping.getState().load();
    expect(api.made()).toEqual([{ channel: 'admin.rolesWithBindings', request: undefined }]);
    await api.answer('admin.rolesWithBindings', {
      roles: [
        {
          role: 'dev',
          group: 'gatehouse:dev',
          status: 'ok',
          reason: null,
          collidesWith: [],
          users: ['a@x'],
          bindings: [],
        },
      ],
    });
    const roles = useRoleMapping.getState().roles;
    expect(roles.status === 'ready' && roles.value.map((r) => r.role)).toEqual(['dev']);
  });
});

describe('user access store', () => {
  it('loads the users of the org file; choosing shows nothing of the previous user while loading', async () => {
    void useUserAccess.getState().loadUsers('/org.yaml');
    expect(api.made()).toEqual([{ channel: 'org.users', request: { orgFile: '/org.yaml' } }]);
    await api.answer('org.users', { users: [{ email: 'a@x', name: null, roles: [] }] });
    expect(useUserAccess.getState().users).toEqual({
      status: 'ready',
      value: [{ email: 'a@x', name: null, roles: [] }],
    });

    void useUserAccess.getState().choose('a@x');
    await api.answer('admin.usersAccess', { users: [accessOf('a@x')] });
    void useUserAccess.getState().choose('b@x');
    expect(useUserAccess.getState()).toMatchObject({
      selectedUser: 'b@x',
      access: { status: 'loading', previous: null },
    });
    expect(api.made().at(-1)).toEqual({ channel: 'admin.usersAccess', request: { users: ['b@x'] } });
  });

  it('gateway mode (no org file here): the users are the people the gateway’s role mapping names', async () => {
    void useUserAccess.getState().loadGatewayUsers();
    expect(api.made()).toEqual([{ channel: 'admin.rolesWithBindings', request: undefined }]);
    await api.answer('admin.rolesWithBindings', {
      roles: [
        {
          role: 'Developers',
          group: 'developers',
          status: 'ok',
          reason: null,
          collidesWith: [],
          users: ['bob@x', 'alice@x'],
          bindings: [],
        },
        { role: 'SRE', group: 'sre', status: 'ok', reason: null, collidesWith: [], users: ['alice@x'], bindings: [] },
      ],
    });
    expect(useUserAccess.getState().users).toEqual({
      status: 'ready',
      value: [
        { email: 'alice@x', name: null, roles: ['Developers', 'SRE'] },
        { email: 'bob@x', name: null, roles: ['Developers'] },
      ],
    });
  });

  it('the answer for an earlier choice arriving last does not replace the current one', async () => {
    const a = useUserAccess.getState().choose('a@x');
    const b = useUserAccess.getState().choose('b@x');
    const [callA, callB] = [api.take('admin.usersAccess'), api.take('admin.usersAccess')];
    callB.answer({ ok: true, value: { users: [accessOf('b@x')] } });
    await b;
    callA.answer({ ok: true, value: { users: [accessOf('a@x')] } });
    await a;
    expect(useUserAccess.getState().access).toEqual({ status: 'ready', value: accessOf('b@x') });
  });

  it('an answer without the chosen user settles as null (nothing to show), not as another user', async () => {
    void useUserAccess.getState().choose('a@x');
    await api.answer('admin.usersAccess', { users: [accessOf('someone-else@x')] });
    expect(useUserAccess.getState().access).toEqual({ status: 'ready', value: null });
  });
});

describe('doctor store', () => {
  it('runs one resource; a rerun keeps its report on screen, another resource is independent', async () => {
    void useDoctor.getState().run('dev');
    expect(api.made()).toEqual([{ channel: 'admin.doctor', request: { names: ['dev'] } }]);
    await api.answer('admin.doctor', { resources: [report('dev', 'reachable')] });
    void useDoctor.getState().run('dev');
    void useDoctor.getState().run('prod');
    expect(useDoctor.getState().reports).toEqual({
      dev: { status: 'loading', previous: report('dev', 'reachable') },
      prod: { status: 'loading', previous: null },
    });
    await api.fail('admin.doctor', 'unavailable', 'dev: connection refused');
    await api.answer('admin.doctor', { resources: [report('prod', 'fine')] });
    expect(useDoctor.getState().reports).toEqual({
      dev: { status: 'failed', error: { code: 'unavailable', message: 'dev: connection refused' } },
      prod: { status: 'ready', value: report('prod', 'fine') },
    });
  });

  it('an answer without a report for the resource is a not-found failure naming it', async () => {
    void useDoctor.getState().run('dev');
    await api.answer('admin.doctor', { resources: [] });
    expect(useDoctor.getState().reports.dev).toEqual({
      status: 'failed',
      error: { code: 'not-found', message: 'The checks returned no report for dev.' },
    });
  });
});
