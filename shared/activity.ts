// Records of what went through a Gatehouse listener, as written to the local audit log and shown
// in the activity view.

export interface RequestRecord {
  /** ISO 8601 time the request arrived. */
  time: string;
  resource: string;
  user: string;
  groups: string[];
  verb: string;
  method: string;
  /** Request path without the query string. */
  path: string;
  namespace: string | null;
  /** Kubernetes resource, with "/subresource" when there is one (e.g. "pods/exec"). */
  apiResource: string | null;
  status: number;
  /** Bytes sent to the client (for upgraded connections: both directions). */
  bytes: number;
  durationMs: number;
  /** Set for upgraded connections: "websocket" or "SPDY/3.1". */
  upgrade?: string;
  /** Gatehouse's own refusal or failure, when the request did not reach the cluster. */
  refused?: string;
}
