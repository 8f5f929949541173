import type { CheckStatus, DoctorCheckId } from '../../shared/admin';

/** Readable names for the doctor's check ids (the ids stay visible for matching CLI output). */
export const CHECK_TITLES: Record<DoctorCheckId, string> = {
  reachable: 'Cluster reachable',
  'rbac-api': 'RBAC enabled',
  impersonate: 'May impersonate',
  reviews: 'Access reviews',
  bindings: 'Groups are bound',
  roles: 'Role names',
};

export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  ok: 'OK',
  warn: 'Warning',
  fail: 'Failed',
};
