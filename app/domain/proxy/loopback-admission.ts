// Admission on the desktop's loopback listener (SPEC §4): one resource per listener, a loopback
// Host (DNS rebinding), the person's local token (or the listener's own health-check token), and
// the identity the org gives the signed-in person now.
import type { ClientRequest } from './client-messages';
import type { Admission, Admitted, Refused } from './admission';
import { faultMessage } from './connection-guard';
import { isLoopbackHost } from './host-check';
import type { IdentitySource, ImpersonatedIdentity } from './identity';
import { newLocalToken, presentedCredential, tokenMatches } from './local-auth';
import type { RequestTarget } from './request-target';
import type { Upstream } from './upstream';

export interface LoopbackAdmissionOptions {
  resource: string;
  /** The local token; a function so rotation applies to the next request. */
  localToken: () => string;
  identity: IdentitySource;
  upstream: Upstream;
}

export class LoopbackAdmission implements Admission {
  /**
   * Authenticates the connection manager's health checks instead of the local token: they travel
   * the whole path (TLS, impersonation, the person's RBAC) but are not the person's requests, so
   * they stay out of the request log. In-process only, a fresh secret per listener; GET only.
   */
  readonly healthCheckToken = newLocalToken();

  constructor(private readonly options: LoopbackAdmissionOptions) {}

  get name(): string {
    return this.options.resource;
  }

  admit(req: ClientRequest, target: RequestTarget): Admitted | Refused {
    const { resource } = this.options;
    if (!isLoopbackHost(req.headers.host)) {
      return { ok: false, resource, code: 403, message: `gatehouse: Host "${String(req.headers.host ?? '').slice(0, 100)}" is not a loopback name; resource "${resource}" only answers to localhost / 127.0.0.1` };
    }
    const subprotocolHeader = req.headers['sec-websocket-protocol'];
    const presented = presentedCredential(req.headers.authorization, Array.isArray(subprotocolHeader) ? subprotocolHeader.join(', ') : subprotocolHeader);
    const healthCheck = req.method === 'GET' && tokenMatches(presented.token, this.healthCheckToken);
    if (!healthCheck && !tokenMatches(presented.token, this.options.localToken())) {
      const what = presented.token === null ? 'no local token' : 'a wrong local token';
      return { ok: false, resource, code: 401, message: `gatehouse: request for resource "${resource}" has ${what}; run "gatehouse k8s update-config" and use the context "${resource}"` };
    }
    let identity: ImpersonatedIdentity;
    try {
      identity = this.options.identity.current();
    } catch (err) {
      // e.g. the org file changed and this person lost the resource: refuse, never fall back.
      return { ok: false, resource, code: 403, message: `gatehouse: resource "${resource}": ${faultMessage(err)}` };
    }
    return { ok: true, resource, identity, upstream: this.options.upstream, target, subprotocols: presented.remainingSubprotocols, healthCheck };
  }

  close(): void {
    this.options.upstream.close();
  }
}
