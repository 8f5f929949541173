// The one host starter (SPEC §1): Electron main, the agent, browser mode and `connect --foreground`
// all start here — core, control socket and sign-in, or an attachment to the host that already
// holds this user's connections. What differs between them is an option.
//
// The host's handler table and event stream are stable objects the transports (IPC, browser-mode
// websocket) hold for the process's life. Behind them sits the current backend: if the host this
// one attached to goes away (the agent was stopped), this one takes over — it claims the control
// socket and restores the remembered sign-in — or, if another host was quicker, attaches to that.
import { API_CHANNELS, type ApiEvent, type GatehouseApi, type SessionInfo } from '../../shared/api';
import { GatehouseError } from '../../shared/errors';
import { describeHost, type HostIdentity } from '../../shared/host-mode';
import { dispatch, type HandlerTable } from '../api/handlers';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { startBrowserServer, type BrowserServer } from './browser/browser-server';
import { claimHost, type ClaimOptions, type EventListener, type HostBackend } from './host-backend';

export { AnotherHostError } from './host-backend';

export interface HostOptions extends ClaimOptions {
  /** Browser mode: also serve the window on 127.0.0.1 (port 0: any free one). */
  browser?: { rendererDir: string; port: number };
}

export interface Host {
  /** What every transport of this process serves (IPC, browser-mode websocket). */
  readonly handlers: HandlerTable;
  subscribe(listener: EventListener): () => void;
  /** A validated call through the handler table, answered with a Result (the tray, tests). */
  invoke: GatehouseApi['invoke'];
  /** This process's core while it holds the connections; null while attached to another host. */
  readonly core: GatehouseCore | null;
  /** The host that holds the connections when it is another process. */
  readonly attachedTo: HostIdentity | null;
  /** The browser-mode server, when started with `browser`. */
  readonly browser: BrowserServer | null;
  stop(): Promise<void>;
}

/** What answers while no host can be reached (taking over failed): every call says why. */
function unavailableBackend(message: string): HostBackend {
  const refuse = async (): Promise<never> => {
    throw new GatehouseError('unavailable', message);
  };
  return {
    handlers: Object.fromEntries(API_CHANNELS.map((channel) => [channel, refuse])) as unknown as HandlerTable,
    subscribe: () => () => {},
    core: null,
    attachedTo: null,
    lost: new Promise(() => {}),
    stop: async () => {},
  };
}

class RunningHost implements Host {
  readonly handlers: HandlerTable;
  browser: BrowserServer | null = null;
  private readonly listeners = new Set<EventListener>();
  private unfeed: () => void = () => {};
  private switching: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private backend: HostBackend,
    private readonly options: HostOptions,
  ) {
    this.feed(backend);
    const delegate = (channel: (typeof API_CHANNELS)[number]) => async (request: unknown) => {
      // A call made while this host takes over waits for the new backend instead of going to the gone one.
      if (this.switching) await this.switching;
      return (this.backend.handlers[channel] as (request: unknown) => Promise<unknown>)(request);
    };
    this.handlers = Object.fromEntries(API_CHANNELS.map((channel) => [channel, delegate(channel)])) as unknown as HandlerTable;
  }

  get core(): GatehouseCore | null {
    return this.backend.core;
  }

  get attachedTo(): HostIdentity | null {
    return this.backend.attachedTo;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  invoke: GatehouseApi['invoke'] = (channel, request) => dispatch(this.handlers, channel, request) as ReturnType<GatehouseApi['invoke']>;

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.switching) await this.switching;
    await this.browser?.close();
    this.unfeed();
    await this.backend.stop();
  }

  private emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  private feed(backend: HostBackend): void {
    this.unfeed = backend.subscribe((event) => this.emit(event));
    void backend.lost.then(() => this.takeOver(backend));
  }

  /** The host we attached to is gone: hold the connections ourselves, or attach to whoever does now. */
  private takeOver(gone: HostBackend): void {
    if (this.stopped || this.backend !== gone) return;
    this.switching = (async () => {
      this.unfeed();
      await gone.stop();
      try {
        const next = await claimHost({ ...this.options, signIn: undefined, whenAnotherRuns: 'attach' });
        if (this.stopped) {
          await next.stop();
          return;
        }
        this.backend = next;
        this.feed(next);
      } catch (err) {
        const was = gone.attachedTo ? describeHost(gone.attachedTo) : 'the Gatehouse host';
        this.backend = unavailableBackend(`${was} stopped and this window could not take over: ${(err as Error).message}`);
      }
    })().finally(() => {
      this.switching = null;
    });
    void this.switching.then(() => (this.stopped ? undefined : this.announce()));
  }

  /** Tells subscribers (the window, the tray) the state of the backend that answers now. */
  private async announce(): Promise<void> {
    const h = this.backend.handlers;
    const session = await h['session.get'](undefined).catch((): SessionInfo => ({ orgFile: null, user: null, identity: null, error: null, gateway: null }));
    this.emit({ type: 'session', session });
    const resources = await h['resources.list'](undefined).catch(() => ({ resources: [] }));
    this.emit({ type: 'resources', resources: resources.resources });
    const settings = await h['settings.get'](undefined).catch(() => null);
    if (settings) this.emit({ type: 'settings', settings });
  }
}

/** Starts a host: see HostOptions for what differs between Electron, the agent, browser mode and connect --foreground. */
export async function startHost(options: HostOptions): Promise<Host> {
  const host = new RunningHost(await claimHost(options), options);
  if (options.browser) {
    try {
      host.browser = await startBrowserServer({
        core: { subscribe: (listener) => host.subscribe(listener) },
        handlers: host.handlers,
        rendererDir: options.browser.rendererDir,
        port: options.browser.port,
      });
    } catch (err) {
      await host.stop();
      throw err;
    }
  }
  return host;
}
