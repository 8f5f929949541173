// Every error Gatehouse itself answers with is a Kubernetes Status object, so kubectl and client-go
// print a meaningful line ("error: You must be logged in…", "Error from server (Forbidden): …")
// instead of a parse failure.

export type StatusReason = 'Unauthorized' | 'Forbidden' | 'BadRequest' | 'Timeout' | 'RequestEntityTooLarge' | 'ServiceUnavailable' | 'InternalError' | 'BadGateway';

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
}

const REASON_FOR_CODE: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  408: 'Timeout',
  413: 'RequestEntityTooLarge',
  // Kubernetes has no reason of its own for 431; the code says it.
  431: 'BadRequest',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

export function kubeStatus(code: number, message: string): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASON_FOR_CODE[code] ?? 'InternalError',
    code,
  };
}

/** The HTTP response head and body for a Status, usable on a response object or a raw socket. */
export function statusResponse(code: number, message: string): { code: number; headers: Record<string, string>; body: string } {
  const body = JSON.stringify(kubeStatus(code, message));
  return {
    code,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
    },
    body,
  };
}
