// The admin tools (SPEC §6) as API handlers, over the org file the request names or else the
// signed-in session's. An unknown resource or user is `not-found` where it is looked up
// (select-resources.ts, user-access-preview.ts); a cluster that cannot be asked shows up inside
// the reports, not as a failure.
import type { ApiRequest, ApiResponse, OrgFileChoice } from '../../shared/api';
import { planResourceRbac, renderResourceRbac, rolesPreviewWithBindings, runDoctor, selectResources, userAccessPreview, usersAccessPreview } from '../domain/admin';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { orgToWorkOn } from './org-choice';

export interface AdminHandlers {
  rolesWithBindings(core: GatehouseCore, request: OrgFileChoice): Promise<ApiResponse<'admin.rolesWithBindings'>>;
  usersAccess(core: GatehouseCore, request: ApiRequest<'admin.usersAccess'>): Promise<ApiResponse<'admin.usersAccess'>>;
  doctor(core: GatehouseCore, request: ApiRequest<'admin.doctor'>): Promise<ApiResponse<'admin.doctor'>>;
  rbac(core: GatehouseCore, request: ApiRequest<'admin.rbac'>): Promise<ApiResponse<'admin.rbac'>>;
}

export const adminHandlers: AdminHandlers = {
  rolesWithBindings: async (core, request) => rolesPreviewWithBindings((await orgToWorkOn(core, request.orgFile)).org),
  usersAccess: async (core, request) => {
    const { org } = core.org();
    if (!request.users) return usersAccessPreview(org);
    return { users: await Promise.all(request.users.map((email) => userAccessPreview(org, email))) };
  },
  doctor: async (core, request) => {
    const { file, org } = await orgToWorkOn(core, request.orgFile);
    // Named resources are checked first, so a typo is `not-found` before any cluster is asked.
    selectResources(org, request.names, file);
    return runDoctor(org, { resources: request.names });
  },
  rbac: async (core, request) => {
    const { file, org } = await orgToWorkOn(core, request.orgFile);
    const documents = [];
    for (const resource of selectResources(org, request.name === undefined ? undefined : [request.name], file)) {
      documents.push({ resource: resource.name, yaml: renderResourceRbac(await planResourceRbac(org, resource, { broad: request.broad === true })) });
    }
    return { documents };
  },
};
