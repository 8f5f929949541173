// Who a request is for, decided once per request before anything goes upstream. The listener
// (server.ts) is the same for every kind of host; what differs is admission: the desktop's loopback
// listener checks Host and the local token and asks the org who the signed-in person is
// (loopback-admission.ts); the gateway (SPEC §10) will verify an OIDC token and pick the resource
// from the path. Either way the result is the same shape, and everything after it — header
// decision, framing, streaming, recording, the log — is shared.
import type { ClientRequest } from './client-messages';
import type { ImpersonatedIdentity } from './identity';
import type { RequestTarget } from './request-target';
import type { Upstream } from './upstream';

export interface Admitted {
  ok: true;
  /** The resource the request is for (logs, recordings, messages). */
  resource: string;
  identity: ImpersonatedIdentity;
  upstream: Upstream;
  /** What is requested of the cluster (the gateway strips its /k8s/<resource> prefix). */
  target: RequestTarget;
  /** Sec-WebSocket-Protocol without any credential entry; null when the client sent none. */
  subprotocols: string | null;
  /** The client's address as the cluster's audit should see it (gateway only). */
  forwardedFor?: string;
  /** The person's address for Gatehouse's own request log (gateway only; see RequestExtras). */
  address?: string;
  /** Made by Gatehouse itself to check health: kept out of the request log. */
  healthCheck?: boolean;
}

export interface Refused {
  ok: false;
  code: number;
  message: string;
  /** Extra response headers (e.g. WWW-Authenticate on a 401). */
  headers?: Record<string, string>;
  /** The resource, when admission got as far as knowing it (for the log). */
  resource?: string;
  /** The client's address, for the log of a refusal too (gateway only). */
  address?: string;
}

export interface Admission {
  /** Names the listener in messages and the log before a resource is known. */
  readonly name: string;
  /** `target` is already parsed: origin-form only (request-target.ts). */
  admit(req: ClientRequest, target: RequestTarget): Promise<Admitted | Refused> | Admitted | Refused;
  /** Releases the upstreams (keep-alive agents). */
  close(): void;
}
