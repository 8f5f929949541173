// The gateway channels (SPEC §10) over the core: signing in (a browser or device flow that the
// host runs and a client waits for), reading /v1/me again, and the CLI-only credential (the ID
// token, refreshed first when needed) for `gatehouse credential`.
import type { ApiRequest, ApiResponse } from '../../shared/api';
import type { GatehouseCore } from '../services/core/gatehouse-core';

export interface GatewayHandlers {
  signIn(core: GatehouseCore, request: ApiRequest<'gateway.signIn'>): Promise<ApiResponse<'gateway.signIn'>>;
  awaitSignIn(
    core: GatehouseCore,
    request: ApiRequest<'gateway.awaitSignIn'>,
  ): Promise<ApiResponse<'gateway.awaitSignIn'>>;
  cancelSignIn(core: GatehouseCore, request: ApiRequest<'gateway.cancelSignIn'>): Promise<void>;
  refresh(core: GatehouseCore): Promise<ApiResponse<'gateway.refresh'>>;
  credential(
    core: GatehouseCore,
    request: ApiRequest<'gateway.credential'>,
  ): Promise<ApiResponse<'gateway.credential'>>;
}

export const gatewayHandlers: GatewayHandlers = {
  signIn: (core, request) => core.signIns.begin(request),
  awaitSignIn: (core, request) => core.signIns.wait(request.id),
  cancelSignIn: async (core, request) => core.signIns.cancel(request.id),
  refresh: async (core) => {
    await (await core.gateway()).refresh();
    return core.sessionInfo();
  },
  credential: async (core) => {
    const { token, expiresAt } = await (await core.gateway()).credential();
    return { token, expiresAt: expiresAt.toISOString() };
  },
};
