// The handler table of a host that attached to another one: every channel is answered by the host
// that holds the connections, over the control socket, with its error kind kept. Only `app.info`
// is this process's own (it says that it attached, and to whom); `org.demo` is ours when this host
// was started with a demo org.
import { API_CHANNELS, API_VERSION, type ApiChannel, type ApiRequest, type ApiResponse } from '../../shared/api';
import { unwrapResult } from '../../shared/errors';
import type { HostIdentity, HostMode } from '../../shared/host-mode';
import type { ControlClient } from '../transports/control-client';
import type { HandlerTable } from '../api/handlers';

export interface ForwardingOptions {
  /** This process: its mode and version, as app.info reports them. */
  mode: HostMode;
  version: string;
  /** The host that answers. */
  attachedTo: HostIdentity;
  demoOrg: string | null;
}

async function forward<C extends ApiChannel>(client: ControlClient, channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
  return unwrapResult(await client.call(channel, request));
}

export function forwardingHandlers(client: ControlClient, options: ForwardingOptions): HandlerTable {
  const entries = API_CHANNELS.map((channel) => [channel, (request: ApiRequest<typeof channel>) => forward(client, channel, request)] as const);
  const table = Object.fromEntries(entries) as unknown as HandlerTable;
  return {
    ...table,
    'app.info': async () => ({ apiVersion: API_VERSION, version: options.version, mode: options.mode, pid: process.pid, attachedTo: options.attachedTo }),
    'org.demo': async (request) => (options.demoOrg !== null ? { orgFile: options.demoOrg } : forward(client, 'org.demo', request)),
  };
}
