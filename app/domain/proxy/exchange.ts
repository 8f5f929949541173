// One request through the proxy, as it is logged: what arrived, who it was sent as, how it ended.
import type { RequestRecord } from '../../../shared/activity';
import type { ImpersonatedIdentity } from './identity';
import { requestInfo } from './request-info';

export interface Exchange {
  /** The resource, once known (the listener's name before that). */
  resource: string;
  started: number;
  time: string;
  method: string;
  /** The target as received. */
  target: string;
  /** The target passed admission's parse (only then is it read for namespace and resource). */
  targetValid: boolean;
  identity: ImpersonatedIdentity | null;
  status: number;
  bytes: number;
  refused?: string;
  upgrade?: string;
  /** Made by the connection manager's health check: kept out of the person's log. */
  healthCheck: boolean;
  /** Answered by the host itself (a local route), not a Kubernetes request: not logged here. */
  local: boolean;
  /** Something (a Status, a relayed head) was written to the client. */
  answered: boolean;
  recorded: boolean;
  /** The cluster's Audit-Id response header, which joins our log to the cluster's audit log. */
  auditId: string | null;
  /** The person's address, when admission says it (the gateway). */
  address: string | null;
  /** An admitted upgrade, watch or followed log: open until the exchange ends. */
  stream: boolean;
}

/**
 * What the gateway logs besides the RequestRecord (SPEC §10). Kept out of the record itself, so
 * the desktop's request log and activity view stay as they are.
 */
export interface RequestExtras {
  auditId: string | null;
  address: string | null;
  /** Admission let it through (then a 5xx without an upstream answer is an upstream error). */
  admitted: boolean;
}

export function newExchange(resource: string, method: string | undefined, target: string | undefined): Exchange {
  return {
    resource,
    started: performance.now(),
    time: new Date().toISOString(),
    method: method ?? '',
    target: target ?? '',
    targetValid: false,
    identity: null,
    status: 0,
    bytes: 0,
    healthCheck: false,
    local: false,
    answered: false,
    recorded: false,
    auditId: null,
    address: null,
    stream: false,
  };
}

/** Longest Audit-Id kept: the API server's are UUIDs; a longer one is not the cluster's. */
const MAX_AUDIT_ID = 128;

/** Records the cluster's `Audit-Id` response header, if it sent one. */
export function noteAuditId(ex: Exchange, value: string | string[] | undefined): void {
  const id = Array.isArray(value) ? value[0] : value;
  if (id !== undefined && id !== '') ex.auditId = id.slice(0, MAX_AUDIT_ID);
}

export function extrasOf(ex: Exchange): RequestExtras {
  return { auditId: ex.auditId, address: ex.address, admitted: ex.identity !== null };
}

/** Longest path kept in a record; a refused target can be up to the header size limit. */
const MAX_LOGGED_PATH = 512;

export function recordOf(ex: Exchange): RequestRecord {
  const info = requestInfo(ex.method || 'GET', ex.targetValid ? ex.target : '/');
  const path = ex.target.split('?')[0] ?? '';
  const record: RequestRecord = {
    time: ex.time,
    resource: ex.resource,
    user: ex.identity?.user ?? '',
    groups: [...(ex.identity?.groups ?? [])],
    verb: info.verb,
    method: ex.method,
    path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
    namespace: info.namespace,
    apiResource: info.resource === null ? null : info.subresource ? `${info.resource}/${info.subresource}` : info.resource,
    status: ex.status,
    bytes: ex.bytes,
    durationMs: Math.round((performance.now() - ex.started) * 10) / 10,
  };
  if (ex.upgrade) record.upgrade = ex.upgrade;
  if (ex.refused) record.refused = ex.refused;
  return record;
}
