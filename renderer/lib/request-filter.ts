import type { RequestRecord } from '../../shared/activity';

export type StatusClass = 'all' | 'success' | 'client-error' | 'server-error' | 'refused';

export const STATUS_CLASS_LABELS: Record<StatusClass, string> = {
  all: 'Any status',
  success: 'Success (1xx–3xx)',
  'client-error': 'Client errors (4xx)',
  'server-error': 'Server errors (5xx)',
  refused: 'Refused by Gatehouse',
};

export interface RequestFilter {
  text: string;
  verb: string;
  status: StatusClass;
}

function matchesStatus(record: RequestRecord, status: StatusClass): boolean {
  switch (status) {
    case 'all':
      return true;
    case 'success':
      return record.status < 400;
    case 'client-error':
      return record.status >= 400 && record.status < 500;
    case 'server-error':
      return record.status >= 500;
    case 'refused':
      return record.refused !== undefined;
  }
}

/** The text box matches any shown field, including the verb and the status code ("403"). */
function matchesText(record: RequestRecord, needle: string): boolean {
  if (needle === '') return true;
  const fields = [
    record.resource,
    record.user,
    record.verb,
    record.method,
    record.path,
    record.namespace ?? '',
    record.apiResource ?? '',
    String(record.status),
    record.refused ?? '',
    record.upgrade ?? '',
  ];
  return fields.some((field) => field.toLowerCase().includes(needle));
}

export function filterRequests(records: readonly RequestRecord[], filter: RequestFilter): RequestRecord[] {
  const needle = filter.text.trim().toLowerCase();
  return records.filter(
    (record) =>
      (filter.verb === '' || record.verb === filter.verb) &&
      matchesStatus(record, filter.status) &&
      matchesText(record, needle),
  );
}

export function distinctVerbs(records: readonly RequestRecord[]): string[] {
  return [...new Set(records.map((record) => record.verb))].sort();
}
