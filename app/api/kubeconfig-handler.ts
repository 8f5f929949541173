import type { ApiRequest, ApiResponse } from '../../shared/api';
import type { GatehouseCore } from '../core/gatehouse-core';
import { ApiFailure } from './api-failure';

export type KubeconfigHandler = (core: GatehouseCore, request: ApiRequest<'kubeconfig.update'>) => Promise<ApiResponse<'kubeconfig.update'>>;

/** Placeholder until the kubeconfig writer lands. */
export const kubeconfigHandler: KubeconfigHandler = async () => {
  throw new ApiFailure('failed', 'updating the kubectl configuration is not available yet');
};
