// The one handler table of the API (SPEC §1), served by every transport: Electron IPC, the control
// socket and the browser websocket. Each handler validates what it needs and answers from the core.
import { API_VERSION, isApiChannel, type ApiChannel, type ApiMethods, type ApiRequest, type ApiResponse, type ApiResult } from '../../shared/api';
import { rolesPreview } from '../../shared/org';
import { listRecordings, readRecording, recentRequests } from '../activity/read-activity';
import type { GatehouseCore } from '../core/gatehouse-core';
import { loadOrgForApi } from '../core/session';
import { ApiFailure, toApiError } from './api-failure';
import type { AdminHandlers } from './admin-handlers';
import type { KubeconfigHandler } from './kubeconfig-handler';

export type Handler<C extends ApiChannel> = (request: ApiRequest<C>) => Promise<ApiResponse<C>>;
export type HandlerTable = { [C in ApiChannel]: Handler<C> };

/** Pulls names out of a connect/disconnect request: all assigned resources, or the ones named. */
function targetNames(core: GatehouseCore, request: ApiMethods['connections.connect']['request']): string[] {
  if ('all' in request && request.all === true) return core.manager().assigned();
  if ('names' in request && Array.isArray(request.names) && request.names.every((n) => typeof n === 'string')) return request.names;
  throw new ApiFailure('bad-request', 'expected {"names": [...]} or {"all": true}');
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new ApiFailure('bad-request', `${what} is required`);
  return value;
}

export function createHandlers(core: GatehouseCore, extra: { version: string; kubeconfig: KubeconfigHandler; admin: AdminHandlers }): HandlerTable {
  return {
    'app.info': async () => ({ apiVersion: API_VERSION, version: extra.version, mode: core.options.mode, pid: process.pid }),
    'session.get': async () => core.sessionInfo(),
    'session.signIn': async (req) => core.signIn(requireString(req?.orgFile, 'orgFile'), requireString(req?.user, 'user')),
    'session.signOut': async () => core.signOut(),
    'org.users': async (req) => {
      const { org } = await loadOrgForApi(requireString(req?.orgFile, 'orgFile'));
      return { users: org.users.map((u) => ({ email: u.email, name: u.name ?? null, roles: [...u.roles] })) };
    },
    'org.demo': async () => ({ orgFile: core.options.demoOrg ?? null }),
    'resources.list': async () => ({ resources: core.manager().statuses() }),
    'connections.connect': async (req) => {
      const manager = core.manager();
      try {
        await manager.connect(targetNames(core, req));
      } catch (err) {
        if (err instanceof ApiFailure) throw err;
        throw new ApiFailure('failed', (err as Error).message);
      }
      return { resources: manager.statuses() };
    },
    'connections.disconnect': async (req) => {
      const manager = core.manager();
      await manager.disconnect(targetNames(core, req));
      return { resources: manager.statuses() };
    },
    'kubeconfig.update': async (req) => extra.kubeconfig(core, req),
    'identity.whoami': async () => core.identity(),
    'roles.preview': async () => ({ roles: rolesPreview(core.org().org).roles }),
    'admin.rolesWithBindings': async () => extra.admin.rolesWithBindings(core),
    'admin.usersAccess': async (req) => extra.admin.usersAccess(core, req),
    'admin.doctor': async (req) => extra.admin.doctor(core, req),
    'admin.rbac': async (req) => extra.admin.rbac(core, req),
    'activity.requests': async (req) => ({ requests: recentRequests(core.requestLog.file, Math.min(Math.max(req?.limit ?? 200, 1), 5000)) }),
    'activity.recordings': async () => ({ recordings: await listRecordings(core.paths.recordings) }),
    'activity.recording': async (req) => ({ cast: await readRecording(core.paths.recordings, requireString(req?.id, 'id')) }),
    'settings.get': async () => core.settings.get(),
    'settings.update': async (req) => {
      try {
        return core.updateSettings(req ?? {});
      } catch (err) {
        throw new ApiFailure('bad-request', (err as Error).message);
      }
    },
  };
}

/** Calls a channel by name with an untrusted request, always answering with a Result. */
export async function dispatch(table: HandlerTable, channel: string, request: unknown): Promise<ApiResult<unknown>> {
  if (!isApiChannel(channel)) return { ok: false, error: { code: 'bad-request', message: `unknown channel "${channel}"` } };
  try {
    const handler = table[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
