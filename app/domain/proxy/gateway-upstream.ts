// The gateway as the upstream of a desktop loopback listener in gateway mode (SPEC §10): requests
// go to `https://<gateway>/k8s/<resource>/<target>` with the person's ID token as the bearer, and
// the gateway holds the leased credential and impersonates. One per listener, shared by its
// requests: a keep-alive agent for ordinary requests and one without keep-alive for upgrades (a
// connection of their own), both pinning the gateway's CA when one is configured (then only it,
// not the system's roots). Connection attempts tell whether the gateway can be reached; a failed
// one also drops the idle keep-alive sockets, which lead to the same gateway, so that the first
// request after it is back opens a fresh connection instead of finding a dead one.
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { GatehouseError } from '../../../shared/errors';
import type { Upstream, UpstreamTarget } from './upstream';
import { describeUpstreamError } from './upstream-errors';

export interface GatewayEndpoint {
  /** `https://host[:port]` of the gateway. */
  url: URL;
  /** PEM of the CA(s) to trust for the gateway, and only them; null: the system's roots. */
  caPem: string | null;
}

export interface GatewayUpstreamOptions {
  gateway: GatewayEndpoint;
  resource: string;
  /**
   * Told when a connection attempt to the gateway turns out otherwise than the one before (the
   * first outcome counts as a change): reachable, or not with the reason (naming the gateway).
   */
  onReachability?: (reachable: boolean, reason: string | null) => void;
}

/**
 * `/k8s/<resource>`: the resource as one path segment, percent-encoded, so that no name can add a
 * segment or a query, and `.`/`..` encoded too, so that none is a dot segment. Org resource names
 * never need it (a-z, 0-9, "-"); the gateway refuses a segment with an escape rather than decode it.
 */
export function gatewayPathPrefix(resource: string): string {
  const segment = encodeURIComponent(resource);
  return `/k8s/${segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment}`;
}

type ConnectionOutcome = { ok: true } | { ok: false; err: Error & { code?: string } };

/** An https.Agent that reports how each connection attempt (TCP and TLS) ended. */
class ObservedAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly observe: (outcome: ConnectionOutcome) => void,
  ) {
    super(options);
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback);
    if (socket instanceof TLSSocket) {
      let connected = false;
      socket.once('secureConnect', () => {
        connected = true;
        this.observe({ ok: true });
      });
      // Errors after the handshake are that request's (a reset stream); the gateway was reached.
      socket.once('error', (err: Error) => {
        if (!connected) this.observe({ ok: false, err });
      });
    }
    return socket;
  }
}

export class GatewayUpstream implements Upstream {
  readonly nextHop = 'gateway';
  readonly server: URL;
  readonly pathPrefix: string;
  private readonly agent: ObservedAgent;
  private readonly upgradeAgent: ObservedAgent;
  private reachable: boolean | null = null;

  constructor(private readonly options: GatewayUpstreamOptions) {
    const { url, caPem } = options.gateway;
    if (url.protocol !== 'https:')
      throw new GatehouseError('config', `gateway ${url.origin}: must be https:// (the person's ID token goes to it)`);
    this.server = new URL(url.origin);
    this.pathPrefix = gatewayPathPrefix(options.resource);
    const tls: https.AgentOptions = caPem === null ? {} : { ca: caPem };
    const observe = (outcome: ConnectionOutcome): void => this.observed(outcome);
    this.agent = new ObservedAgent({ ...tls, keepAlive: true }, observe);
    this.upgradeAgent = new ObservedAgent({ ...tls, keepAlive: false }, observe);
  }

  /** The connection without a credential; requests get the person's with `as()`. */
  async target(): Promise<UpstreamTarget> {
    return this.targetWith({});
  }

  /** The same gateway connection, authenticated as the person (their ID token) for one request. */
  as(idToken: string): Upstream {
    const headers = { Authorization: `Bearer ${idToken}` };
    return {
      nextHop: this.nextHop,
      server: this.server,
      pathPrefix: this.pathPrefix,
      target: async () => this.targetWith(headers),
      // The agents are the listener's: they close with it (close() below), not per request.
      close: () => {},
    };
  }

  close(): void {
    this.agent.destroy();
    this.upgradeAgent.destroy();
  }

  private targetWith(headers: Record<string, string>): UpstreamTarget {
    return { agent: this.agent, connection: { agent: this.upgradeAgent }, headers };
  }

  private observed(outcome: ConnectionOutcome): void {
    let reason: string | null = null;
    if (!outcome.ok) {
      for (const sockets of Object.values(this.agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
      reason = describeUpstreamError(outcome.err, this.options.resource, this).message.replace(/^gatehouse: /, '');
    }
    if (this.reachable === outcome.ok) return;
    this.reachable = outcome.ok;
    this.options.onReachability?.(outcome.ok, reason);
  }
}
