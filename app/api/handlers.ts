// The one handler table of the API (SPEC §1), served by every transport: Electron IPC, the control
// socket and the browser websocket, and called in-process by the CLI when no host runs. `dispatch`
// is the only door: it checks the request against the channel's schema (shared/api-schemas.ts)
// and turns whatever a handler throws into the envelope with the error's own kind
// (shared/errors.ts). Handlers receive parsed, typed requests and answer from the core.
import {
  API_VERSION,
  isApiChannel,
  type ApiChannel,
  type ApiRequest,
  type ApiResponse,
  type ApiResult,
} from '../../shared/api';
import { parseApiRequest } from '../../shared/api-schemas';
import { apiErrorOf, GatehouseError } from '../../shared/errors';
import { rolesPreview } from '../../shared/org';
import { listRecordings, readRecording, recentRequests } from '../services/activity/read-activity';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { loadOrg } from '../domain/org/load';
import type { AdminHandlers } from './admin-handlers';
import type { KubeconfigHandler } from './kubeconfig-handler';
import { orgToWorkOn, personToWorkFor } from './org-choice';

function notYet(): never {
  throw new GatehouseError('unavailable', 'gateway mode is being built');
}

export type Handler<C extends ApiChannel> = (request: ApiRequest<C>) => Promise<ApiResponse<C>>;
export type HandlerTable = { [C in ApiChannel]: Handler<C> };

export function createHandlers(
  core: GatehouseCore,
  extra: { version: string; kubeconfig: KubeconfigHandler; admin: AdminHandlers },
): HandlerTable {
  const targets = (req: ApiRequest<'connections.connect'>): string[] =>
    'all' in req ? core.manager().assigned() : req.names;
  return {
    'app.info': async () => ({
      apiVersion: API_VERSION,
      version: extra.version,
      mode: core.options.mode,
      pid: process.pid,
    }),
    'session.get': async () => core.sessionInfo(),
    'session.signIn': async (req) => core.signIn(req.orgFile, req.user),
    'session.signOut': async () => core.signOut(),
    'org.users': async (req) => {
      const { org } = await loadOrg(req.orgFile);
      return { users: org.users.map((u) => ({ email: u.email, name: u.name ?? null, roles: [...u.roles] })) };
    },
    'org.demo': async () => ({ orgFile: core.options.demoOrg ?? null }),
    'resources.list': async () => ({ resources: core.manager().statuses() }),
    'connections.connect': async (req) => {
      const manager = core.manager();
      await manager.connect(targets(req));
      return { resources: manager.statuses() };
    },
    'connections.disconnect': async (req) => {
      const manager = core.manager();
      await manager.disconnect(targets(req));
      return { resources: manager.statuses() };
    },
    'kubeconfig.update': async (req) => extra.kubeconfig(core, req),
    'identity.whoami': async (req) => (await personToWorkFor(core, req ?? {})).identity,
    'roles.preview': async (req) => ({ roles: rolesPreview((await orgToWorkOn(core, req?.orgFile)).org).roles }),
    'admin.rolesWithBindings': async (req) => extra.admin.rolesWithBindings(core, req ?? {}),
    'admin.usersAccess': async (req) => extra.admin.usersAccess(core, req),
    'admin.doctor': async (req) => extra.admin.doctor(core, req),
    'admin.rbac': async (req) => extra.admin.rbac(core, req),
    'activity.requests': async (req) => ({
      requests: recentRequests(core.requestLog.file, Math.min(Math.max(req.limit ?? 200, 1), 5000)),
    }),
    'activity.recordings': async () => ({ recordings: await listRecordings(core.paths.recordings) }),
    'activity.recording': async (req) => ({ cast: await readRecording(core.paths.recordings, req.id) }),
    'settings.get': async () => core.settings.get(),
    'settings.update': async (req) => core.updateSettings(req),
    'gateway.signIn': async () => notYet(),
    'gateway.awaitSignIn': async () => notYet(),
    'gateway.cancelSignIn': async () => notYet(),
    'gateway.refresh': async () => notYet(),
    'gateway.credential': async () => notYet(),
  };
}

/**
 * Calls a channel by name with an untrusted request, always answering with a Result: an unknown
 * channel or a request that does not fit its schema is a `usage` error naming the field; a
 * handler's failure keeps the kind it was thrown with (anything else is `internal`).
 */
export async function dispatch(table: HandlerTable, channel: string, request: unknown): Promise<ApiResult<unknown>> {
  if (!isApiChannel(channel)) return { ok: false, error: { code: 'usage', message: `unknown channel "${channel}"` } };
  const parsed = parseApiRequest(channel, request);
  if (!parsed.ok) return { ok: false, error: { code: 'usage', message: parsed.problem } };
  try {
    // The schema of this very channel parsed the request, so it is this handler's request type.
    const handler = table[channel] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.request) };
  } catch (err) {
    return { ok: false, error: apiErrorOf(err) };
  }
}
