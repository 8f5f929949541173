// The one handler table of the API (SPEC §1), served by every transport: Electron IPC, the control
// socket and the browser websocket, and called in-process by the CLI when no host runs. `dispatch`
// is the only door: it checks the request against the channel's schema (shared/api-schemas.ts)
// and turns whatever a handler throws into the envelope with the error's own kind
// (shared/errors.ts). Handlers receive parsed, typed requests and answer from the core.
import {
  API_VERSION,
  CLI_ONLY_CHANNELS,
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
import { gatewayHandlers } from './gateway-handlers';
import type { KubeconfigHandler } from './kubeconfig-handler';
import { orgToWorkOn, personToWorkFor } from './org-choice';

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
    // Gateway mode, nobody named: the person as the gateway's /v1/me said.
    'identity.whoami': async (req) =>
      req === undefined && core.gatewayModeSession()
        ? core.identity()
        : (await personToWorkFor(core, req ?? {})).identity,
    'roles.preview': async (req) => {
      if (req?.orgFile === undefined && core.gatewayModeSession()) {
        // The gateway's roles view is the preview with each group's bindings; the preview is its first part.
        const { roles } = await extra.admin.rolesWithBindings(core, {});
        return {
          roles: roles.map(({ role, group, status, reason, collidesWith, users }) => ({
            role,
            group,
            status,
            reason,
            collidesWith,
            users,
          })),
        };
      }
      return { roles: rolesPreview((await orgToWorkOn(core, req?.orgFile)).org).roles };
    },
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
    'gateway.signIn': async (req) => gatewayHandlers.signIn(core, req),
    'gateway.awaitSignIn': async (req) => gatewayHandlers.awaitSignIn(core, req),
    'gateway.cancelSignIn': async (req) => gatewayHandlers.cancelSignIn(core, req),
    'gateway.refresh': async () => gatewayHandlers.refresh(core),
    'gateway.credential': async (req) => gatewayHandlers.credential(core, req),
  };
}

/**
 * The table as a renderer (the Electron window, a browser tab) may call it: the channels whose
 * answer is a secret of the person's (CLI_ONLY_CHANNELS: the ID token) are refused, so a page —
 * or a script injected into one — can never read the token. The CLI reaches them over the
 * owner-only control socket or in-process.
 */
export function forRenderers(table: HandlerTable): HandlerTable {
  const refused = async (): Promise<never> => {
    throw new GatehouseError(
      'refused',
      'this channel is only served to the gatehouse command line (it answers with the ID token)',
    );
  };
  return Object.fromEntries(
    Object.entries(table).map(([channel, handler]) => [
      channel,
      CLI_ONLY_CHANNELS.has(channel as ApiChannel) ? refused : handler,
    ]),
  ) as HandlerTable;
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
