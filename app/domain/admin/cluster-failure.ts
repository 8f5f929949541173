// Turns whatever a client-node call to a *cluster* threw into one line a person can act on, and a
// kind the checks can branch on (a 401 and a closed port need different fixes). Findings for the
// doctor and previews, not Gatehouse's own error kinds (those are shared/errors.ts).
import type { ApiException } from '@kubernetes/client-node';
import { clientNodeIfLoaded } from '../proxy/lazy-client-node';
import { CredentialError } from '../proxy/upstream';

export type ClusterFailureKind =
  | 'credential' // the leased credential could not even be built (bad kubeconfig, missing file)
  | 'unauthorized' // 401: the cluster does not accept the credential
  | 'forbidden' // 403: authenticated, not allowed
  | 'not-found' // 404: the API (or object) is not served
  | 'http' // any other HTTP error status
  | 'tls' // the server's certificate was not accepted
  | 'unreachable' // no HTTP exchange happened (refused, unknown host, reset…)
  | 'timeout';

export interface ClusterFailure {
  kind: ClusterFailureKind;
  /** HTTP status, when there was one. */
  status: number | null;
  message: string;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The `message` of a Kubernetes Status body, if the body is one (object or JSON text). */
function statusMessage(body: unknown): string | null {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value === 'object' && value !== null && 'message' in value && typeof value.message === 'string') {
    return value.message;
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function fromHttpStatus(err: ApiException<unknown>): ClusterFailure {
  const status = err.code;
  const detail = statusMessage(err.body);
  const head = `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  const message = detail ? `${head}: ${detail}` : head;
  if (status === 401) return { kind: 'unauthorized', status, message };
  if (status === 403) return { kind: 'forbidden', status, message };
  if (status === 404) return { kind: 'not-found', status, message };
  return { kind: 'http', status, message };
}

function errorCode(err: Error): string | null {
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : null;
}

export function describeClusterFailure(err: unknown): ClusterFailure {
  if (err instanceof CredentialError) return { kind: 'credential', status: null, message: err.message };
  // Only client-node throws an ApiException, so one can exist only once client-node is loaded.
  const clientNode = clientNodeIfLoaded();
  if (clientNode && err instanceof clientNode.ApiException) return fromHttpStatus(err as ApiException<unknown>);
  if (!(err instanceof Error)) return { kind: 'unreachable', status: null, message: String(err) };
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return { kind: 'timeout', status: null, message: 'no answer before the deadline (request timed out)' };
  }
  const code = errorCode(err);
  if (code !== null && TLS_CODE.test(code)) {
    const reason = /reason: (.*)$/.exec(err.message)?.[1] ?? code;
    return { kind: 'tls', status: null, message: `TLS: ${reason} (${code})` };
  }
  if (code !== null && NETWORK_CAUSES[code]) {
    return { kind: 'unreachable', status: null, message: `${NETWORK_CAUSES[code]} (${code})` };
  }
  const reason = /reason: (.*)$/.exec(err.message)?.[1] ?? err.message;
  return { kind: 'unreachable', status: null, message: code ? `${reason} (${code})` : reason };
}
