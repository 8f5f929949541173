// The two ways a host process can serve the API: it holds the connections itself (its own core,
// serving the per-user control socket), or it attached to the host that already does. `claimHost`
// decides which: exactly one host per user holds the connections, so the second one never opens
// a listener of its own (they would compete for the same ports).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiEvent } from '../../shared/api';
import { errorFromApi, GatehouseError } from '../../shared/errors';
import { describeHost, type HostIdentity, type HostMode } from '../../shared/host-mode';
import { ControlClient } from '../transports/control-client';
import { UntrustedEndpointError } from '../transports/control-endpoint-owner';
import { AnotherAgentError, serveControlSocket } from '../transports/control-socket';
import type { HandlerTable } from '../api/handlers';
import { createGatehouseApp } from '../api/create-app';
import type { CoreOptions, GatehouseCore } from '../services/core/gatehouse-core';
import type { AppPaths } from '../platform/paths';
import { appVersion } from '../platform/version';
import { forwardingHandlers } from './forwarding-handlers';

export type EventListener = (event: ApiEvent) => void;

/**
 * `secretBox` and `openExternal` are the Electron shell's (safeStorage, the system browser) and go
 * to this process's own core; an attached host uses the core of the host it attached to.
 */
export interface ClaimOptions extends Pick<CoreOptions, 'secretBox' | 'openExternal'> {
  paths: AppPaths;
  mode: HostMode;
  demoOrg?: string | null;
  /** Sign in as this person; without it an own host restores the remembered sign-in and an attached one keeps the running host's session. */
  signIn?: { orgFile: string; user: string };
  /**
   * When another host already holds this user's connections: 'attach' to it (the UI hosts), or
   * 'refuse' with AnotherHostError naming it (the hosts whose whole job is to hold connections).
   */
  whenAnotherRuns: 'attach' | 'refuse';
  healthIntervalMs?: number;
}

export interface HostBackend {
  handlers: HandlerTable;
  subscribe(listener: EventListener): () => void;
  /** This process's core when it holds the connections, null when attached. */
  core: GatehouseCore | null;
  attachedTo: HostIdentity | null;
  /** Resolves when the host this one attached to has gone (never for an own backend). */
  lost: Promise<void>;
  stop(): Promise<void>;
}

/** Another host holds the connections and this one may not attach (the agent, connect --foreground). */
export class AnotherHostError extends AnotherAgentError {
  constructor(
    readonly running: HostIdentity,
    socket: string,
  ) {
    super(`another Gatehouse agent is already running for this user: ${describeHost(running)} holds the connections (socket ${socket})`);
  }
}

async function ownBackend(options: ClaimOptions): Promise<HostBackend> {
  const { paths } = options;
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const app = createGatehouseApp(paths, {
    mode: options.mode,
    demoOrg: options.demoOrg ?? null,
    healthIntervalMs: options.healthIntervalMs,
    secretBox: options.secretBox,
    openExternal: options.openExternal,
  });
  const subscribe = (listener: EventListener): (() => void) => app.core.subscribe(listener);
  let server;
  try {
    server = await serveControlSocket(paths.socket, app.handlers, subscribe);
  } catch (err) {
    await app.core.close();
    throw err;
  }
  const stop = async (): Promise<void> => {
    await server.close();
    await app.core.close();
  };
  try {
    if (options.signIn) await app.core.signIn(options.signIn.orgFile, options.signIn.user);
    else await app.core.restore();
  } catch (err) {
    await stop();
    throw err;
  }
  return { handlers: app.handlers, subscribe, core: app.core, attachedTo: null, lost: new Promise(() => {}), stop };
}

async function attachedBackend(client: ControlClient, options: ClaimOptions): Promise<HostBackend> {
  const lost = new Promise<void>((resolveLost) => client.onClose(resolveLost));
  const fail = (err: Error): never => {
    client.close();
    throw err;
  };
  const info = await client.call('app.info', undefined);
  if (!info.ok) return fail(new GatehouseError('unavailable', `the Gatehouse host on ${options.paths.socket} does not answer: ${info.error.message}`));
  const attachedTo: HostIdentity = { mode: info.value.mode, pid: info.value.pid };
  if (options.whenAnotherRuns === 'refuse') return fail(new AnotherHostError(attachedTo, options.paths.socket));
  const wanted = options.signIn;
  if (wanted) {
    // As the CLI does with --org/--user: switch the running host's session only if it differs.
    const session = await client.call('session.get', undefined);
    const same = session.ok && session.value.user?.toLowerCase() === wanted.user.toLowerCase() && session.value.orgFile === resolve(wanted.orgFile);
    if (!same) {
      const signedIn = await client.call('session.signIn', wanted);
      if (!signedIn.ok) return fail(errorFromApi(signedIn.error));
    }
  }
  const listeners = new Set<EventListener>();
  client.onEvent((event) => {
    for (const listener of listeners) listener(event);
  });
  return {
    handlers: forwardingHandlers(client, { mode: options.mode, version: appVersion(), attachedTo, demoOrg: options.demoOrg ?? null }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    core: null,
    attachedTo,
    lost,
    stop: async () => client.close(),
  };
}

/** A client of the host on the socket, or null when none listens there. */
async function reachRunningHost(socket: string): Promise<ControlClient | null> {
  try {
    return await ControlClient.connect(socket);
  } catch (err) {
    // Someone else's socket or pipe: neither talk to it nor serve over it.
    if (err instanceof UntrustedEndpointError) throw err;
    return null;
  }
}

/** Holds the connections if no host does, else attaches to (or refuses next to) the one that does. */
export async function claimHost(options: ClaimOptions): Promise<HostBackend> {
  for (let attempt = 1; ; attempt++) {
    const running = await reachRunningHost(options.paths.socket);
    if (running) return attachedBackend(running, options);
    try {
      return await ownBackend(options);
    } catch (err) {
      // Another host claimed the socket between our look and our listen: attach to that one.
      if (!(err instanceof AnotherAgentError) || attempt >= 3) throw err;
    }
  }
}
