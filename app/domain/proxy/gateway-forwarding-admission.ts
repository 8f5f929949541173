// Admission on the desktop's loopback listener in gateway mode (SPEC §10): the same rules as in
// local mode — one resource per listener, a loopback Host, the local token or the listener's own
// health-check token — by the same code (LoopbackAdmission, asked first); then, instead of an
// identity from an org file, the person's current ID token, with which the request goes on to the
// gateway (gateway-upstream.ts). The gateway verifies the token and impersonates the person; this
// listener sends no Impersonate-*, and still refuses a client's own (headers.ts, `next-hop`).
import type { ClientRequest } from './client-messages';
import { GatehouseError, messageOf } from '../../../shared/errors';
import type { Admission, Admitted, Refused } from './admission';
import { GatewayUpstream, type GatewayEndpoint } from './gateway-upstream';
import { LoopbackAdmission } from './loopback-admission';
import type { RequestTarget } from './request-target';

export interface GatewayForwardingOptions {
  resource: string;
  /** The local token; a function so rotation applies to the next request. */
  localToken: () => string;
  gateway: GatewayEndpoint;
  /**
   * The person's current ID token, refreshed when needed. Rejects with a GatehouseError of kind
   * `not-signed-in` when the person is signed out or the session expired; its message says so
   * (`signed out of <gateway>: run "gatehouse login"`) and is what kubectl shows.
   */
  bearer: () => Promise<string>;
  /** The signed-in person's email, for the request log and messages; null before it is known. */
  person: () => string | null;
  /** The gateway became reachable or not (see GatewayUpstreamOptions). */
  onReachability?: (reachable: boolean, reason: string | null) => void;
}

/** RFC 6750 §2.1 b64token: what may follow `Bearer ` in a header (a JWT always is one). */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export class GatewayForwardingAdmission implements Admission {
  private readonly upstream: GatewayUpstream;
  private readonly local: LoopbackAdmission;

  constructor(private readonly options: GatewayForwardingOptions) {
    this.upstream = new GatewayUpstream({
      gateway: options.gateway,
      resource: options.resource,
      onReachability: options.onReachability,
    });
    this.local = new LoopbackAdmission({
      resource: options.resource,
      localToken: options.localToken,
      // Who the log and messages name; the groups are the gateway's to work out, never sent from here.
      identity: { current: () => ({ user: options.person() ?? '', groups: [] }) },
      upstream: this.upstream,
    });
  }

  get name(): string {
    return this.options.resource;
  }

  /** The listener's own token for the connection manager's health checks (GET only; see LoopbackAdmission). */
  get healthCheckToken(): string {
    return this.local.healthCheckToken;
  }

  /** The gateway this listener forwards to. */
  get gateway(): URL {
    return this.upstream.server;
  }

  async admit(req: ClientRequest, target: RequestTarget): Promise<Admitted | Refused> {
    const admitted = this.local.admit(req, target);
    if (!admitted.ok) return admitted;
    const { resource } = this.options;
    let idToken: string;
    try {
      idToken = await this.options.bearer();
    } catch (err) {
      // Signed out or expired: kubectl prints the message ("You must be logged in to the server (…)").
      if (err instanceof GatehouseError && err.kind === 'not-signed-in')
        return { ok: false, resource, code: 401, message: `gatehouse: resource "${resource}": ${err.message}` };
      return {
        ok: false,
        resource,
        code: 503,
        message: `gatehouse: resource "${resource}": cannot get the ID token for ${this.upstream.server.origin}: ${messageOf(err)}`,
      };
    }
    if (!BEARER_TOKEN.test(idToken)) {
      return {
        ok: false,
        resource,
        code: 502,
        message: `gatehouse: resource "${resource}": the ID token for ${this.upstream.server.origin} is not a bearer token (it is not sent)`,
      };
    }
    return { ...admitted, upstream: this.upstream.as(idToken) };
  }

  close(): void {
    this.local.close();
  }
}
