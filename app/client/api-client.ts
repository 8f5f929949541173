// The API as a client sees it, whichever way it is reached: the running host over the control
// socket, or the same handler table and `dispatch` in this very process when no host runs. Either
// way a call is checked by the same schemas, answered by the same handlers, and a failure comes
// back as a GatehouseError of the kind it arose with — so one failure is one exit code on every path.
import type { ApiChannel, ApiRequest, ApiResponse } from '../../shared/api';
import { unwrapResult } from '../../shared/errors';
import { createGatehouseApp } from '../api/create-app';
import type { AppPaths } from '../platform/paths';
import { ControlClient } from '../transports/control-client';
import { UntrustedEndpointError } from '../transports/control-endpoint-owner';
import { dispatch } from '../api/handlers';

export interface ApiClient {
  /** Where the answers come from: `host` over the control socket, `in-process` through dispatch here. */
  readonly via: 'host' | 'in-process';
  /** The channel's answer, or its error thrown as a GatehouseError with the error's kind. */
  call<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>>;
  close(): Promise<void>;
}

/** A client of the host behind `control` (a connected ControlClient). */
export function hostApi(control: ControlClient): ApiClient {
  return {
    via: 'host',
    call: async (channel, request) => unwrapResult(await control.call(channel, request)),
    close: async () => control.close(),
  };
}

/**
 * The API served in this process, over a core of its own that is not signed in (calls name their
 * org file and person) and holds no listener. For commands that read, or write only files, when
 * no host runs.
 */
export function inProcessApi(paths: AppPaths): ApiClient {
  const { core, handlers } = createGatehouseApp(paths, { mode: 'agent' });
  return {
    via: 'in-process',
    call: async <C extends ApiChannel>(channel: C, request: ApiRequest<C>) =>
      unwrapResult(await dispatch(handlers, channel, request)) as ApiResponse<C>,
    close: () => core.close(),
  };
}

/**
 * The running host's API, or null when none listens on `socket`. A socket or pipe that is not this
 * user's is refused (UntrustedEndpointError, kind `unavailable`): nothing may be sent to it, and
 * nothing may be started in its place.
 */
export async function connectToHost(socket: string): Promise<ApiClient | null> {
  try {
    return hostApi(await ControlClient.connect(socket));
  } catch (err) {
    if (err instanceof UntrustedEndpointError) throw err;
    return null;
  }
}
