// The admin tools (SPEC §6) as API handlers, over the signed-in session's org file. Unknown names
// are bad requests; a cluster that cannot be asked shows up inside the reports, not as a failure.
import type { ApiRequest, ApiResponse } from '../../shared/api';
import {
  planResourceRbac,
  renderResourceRbac,
  rolesPreviewWithBindings,
  runDoctor,
  selectResources,
  UnknownResourceError,
  UnknownUserError,
  userAccessPreview,
  usersAccessPreview,
} from '../admin';
import type { GatehouseCore } from '../core/gatehouse-core';
import { ApiFailure } from './api-failure';

export interface AdminHandlers {
  rolesWithBindings(core: GatehouseCore): Promise<ApiResponse<'admin.rolesWithBindings'>>;
  usersAccess(core: GatehouseCore, request: ApiRequest<'admin.usersAccess'>): Promise<ApiResponse<'admin.usersAccess'>>;
  doctor(core: GatehouseCore, request: ApiRequest<'admin.doctor'>): Promise<ApiResponse<'admin.doctor'>>;
  rbac(core: GatehouseCore, request: ApiRequest<'admin.rbac'>): Promise<ApiResponse<'admin.rbac'>>;
}

async function asBadRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UnknownResourceError || err instanceof UnknownUserError) throw new ApiFailure('bad-request', err.message);
    throw err;
  }
}

export const adminHandlers: AdminHandlers = {
  rolesWithBindings: (core) => rolesPreviewWithBindings(core.org().org),
  usersAccess: (core, request) =>
    asBadRequest(async () => {
      const { org } = core.org();
      if (!request?.users) return usersAccessPreview(org);
      return { users: await Promise.all(request.users.map((email) => userAccessPreview(org, email))) };
    }),
  doctor: (core, request) => asBadRequest(() => runDoctor(core.org().org, { resources: request?.names })),
  rbac: (core, request) =>
    asBadRequest(async () => {
      const { org } = core.org();
      const documents = [];
      for (const resource of selectResources(org, request?.name === undefined ? undefined : [request.name])) {
        documents.push({ resource: resource.name, yaml: renderResourceRbac(await planResourceRbac(org, resource, { broad: request?.broad === true })) });
      }
      return { documents };
    }),
};
