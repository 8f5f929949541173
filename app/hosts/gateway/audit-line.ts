// The gateway's audit (SPEC §10): one JSON line per request on stdout, the container convention,
// so a log pipeline reads it as it reads every pod's. It joins the cluster's audit log by
// `auditId` (the cluster's Audit-Id response header). Built from the proxy's RequestRecord — which
// never holds a token, a query string or a request body — plus the address and the Audit-Id.
import type { RequestRecord } from '../../../shared/activity';
import type { RequestExtras } from '../../domain/proxy/exchange';

export interface AuditLine {
  time: string;
  /** The person (the org user's email); null when refused before they were known. */
  person: string | null;
  groups: string[];
  /** The org resource; null for the gateway's own API and requests that named none of them. */
  resource: string | null;
  verb: string;
  method: string;
  /** Without the query string; for /k8s/<resource>/… the path as the cluster got it. */
  path: string;
  namespace: string | null;
  apiResource: string | null;
  status: number;
  bytes: number;
  durationMs: number;
  address: string | null;
  auditId: string | null;
  upgrade?: string;
  refused?: string;
}

export function auditLineOf(record: RequestRecord, extras: RequestExtras, isOrgResource: (name: string) => boolean): AuditLine {
  const line: AuditLine = {
    time: record.time,
    person: record.user === '' ? null : record.user,
    groups: record.groups,
    resource: isOrgResource(record.resource) ? record.resource : null,
    verb: record.verb,
    method: record.method,
    path: record.path,
    namespace: record.namespace,
    apiResource: record.apiResource,
    status: record.status,
    bytes: record.bytes,
    durationMs: record.durationMs,
    address: extras.address,
    auditId: extras.auditId,
  };
  if (record.upgrade !== undefined) line.upgrade = record.upgrade;
  if (record.refused !== undefined) line.refused = record.refused;
  return line;
}

/** A line of the gateway's own API (/v1/…), in the same shape. */
export function apiAuditLine(fields: { time: string; person: string | null; groups?: string[]; method: string; path: string; status: number; bytes: number; durationMs: number; address: string; refused?: string }): AuditLine {
  return {
    time: fields.time,
    person: fields.person,
    groups: fields.groups ?? [],
    resource: null,
    verb: fields.method.toLowerCase(),
    method: fields.method,
    path: fields.path.length > 512 ? `${fields.path.slice(0, 512)}…` : fields.path,
    namespace: null,
    apiResource: null,
    status: fields.status,
    bytes: fields.bytes,
    durationMs: fields.durationMs,
    address: fields.address,
    auditId: null,
    ...(fields.refused !== undefined ? { refused: fields.refused } : {}),
  };
}
