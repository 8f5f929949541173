import type { ApiRequest, ApiResponse } from '../../shared/api';
import type { GatehouseCore } from '../core/gatehouse-core';
import { ApiFailure } from './api-failure';

export interface AdminHandlers {
  rolesWithBindings(core: GatehouseCore): Promise<ApiResponse<'admin.rolesWithBindings'>>;
  usersAccess(core: GatehouseCore, request: ApiRequest<'admin.usersAccess'>): Promise<ApiResponse<'admin.usersAccess'>>;
  doctor(core: GatehouseCore, request: ApiRequest<'admin.doctor'>): Promise<ApiResponse<'admin.doctor'>>;
  rbac(core: GatehouseCore, request: ApiRequest<'admin.rbac'>): Promise<ApiResponse<'admin.rbac'>>;
}

const notYet = async (): Promise<never> => {
  throw new ApiFailure('failed', 'the admin tools are not available yet');
};

/** Placeholder until the admin tools land. */
export const adminHandlers: AdminHandlers = { rolesWithBindings: notYet, usersAccess: notYet, doctor: notYet, rbac: notYet };
