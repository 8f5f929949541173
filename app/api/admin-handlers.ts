// The admin tools (SPEC §6) as API handlers, over the org file the request names or else the
// signed-in session's. An unknown resource or user is `not-found` where it is looked up
// (select-resources.ts, user-access-preview.ts); a cluster that cannot be asked shows up inside
// the reports, not as a failure.
import type { ApiRequest, ApiResponse, OrgFileChoice } from '../../shared/api';
import {
  planResourceRbac,
  renderResourceRbac,
  rolesPreviewWithBindings,
  runDoctor,
  selectResources,
  userAccessPreview,
  usersAccessPreview,
} from '../domain/admin';
import type { DoctorReport, RolesPreviewWithBindings, UsersAccessPreview } from '../../shared/admin';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import type { GatewayModeSession } from '../services/gateway-mode/gateway-mode-session';
import { orgToWorkOn } from './org-choice';

export interface AdminHandlers {
  rolesWithBindings(core: GatehouseCore, request: OrgFileChoice): Promise<ApiResponse<'admin.rolesWithBindings'>>;
  usersAccess(core: GatehouseCore, request: ApiRequest<'admin.usersAccess'>): Promise<ApiResponse<'admin.usersAccess'>>;
  doctor(core: GatehouseCore, request: ApiRequest<'admin.doctor'>): Promise<ApiResponse<'admin.doctor'>>;
  rbac(core: GatehouseCore, request: ApiRequest<'admin.rbac'>): Promise<ApiResponse<'admin.rbac'>>;
}

/** Query string of repeated `name=value` pairs (the gateway's admin views take `resource`, `user`). */
function query(pairs: ReadonlyArray<readonly [string, string]>): string {
  const q = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v]));
  return pairs.length > 0 ? `?${q.toString()}` : '';
}

/**
 * In gateway mode the org is on the gateway: a request that names no org file is answered by the
 * gateway's admin views (SPEC §10, for its admins; others get its 403) as the signed-in person.
 */
function atGateway(core: GatehouseCore, orgFile: string | undefined): GatewayModeSession | null {
  return orgFile === undefined ? core.gatewayModeSession() : null;
}

export const adminHandlers: AdminHandlers = {
  rolesWithBindings: async (core, request) => {
    const gateway = atGateway(core, request.orgFile);
    if (gateway) return (await gateway.get('/v1/admin/roles')) as RolesPreviewWithBindings;
    return rolesPreviewWithBindings((await orgToWorkOn(core, request.orgFile)).org);
  },
  usersAccess: async (core, request) => {
    const gateway = atGateway(core, undefined);
    if (gateway)
      return (await gateway.get(
        `/v1/admin/can-i${query((request.users ?? []).map((u) => ['user', u]))}`,
      )) as UsersAccessPreview;
    const { org } = core.org();
    if (!request.users) return usersAccessPreview(org);
    return { users: await Promise.all(request.users.map((email) => userAccessPreview(org, email))) };
  },
  doctor: async (core, request) => {
    const gateway = atGateway(core, request.orgFile);
    if (gateway)
      return (await gateway.get(
        `/v1/admin/doctor${query((request.names ?? []).map((n) => ['resource', n]))}`,
      )) as DoctorReport;
    const { file, org } = await orgToWorkOn(core, request.orgFile);
    // Named resources are checked first, so a typo is `not-found` before any cluster is asked.
    selectResources(org, request.names, file);
    return runDoctor(org, { resources: request.names });
  },
  rbac: async (core, request) => {
    const gateway = atGateway(core, request.orgFile);
    if (gateway) {
      const pairs: Array<[string, string]> = request.name === undefined ? [] : [['resource', request.name]];
      if (request.broad === true) pairs.push(['broad', 'true']);
      return (await gateway.get(`/v1/admin/rbac${query(pairs)}`)) as ApiResponse<'admin.rbac'>;
    }
    const { file, org } = await orgToWorkOn(core, request.orgFile);
    const documents = [];
    for (const resource of selectResources(org, request.name === undefined ? undefined : [request.name], file)) {
      documents.push({
        resource: resource.name,
        yaml: renderResourceRbac(await planResourceRbac(org, resource, { broad: request.broad === true })),
      });
    }
    return { documents };
  },
};
