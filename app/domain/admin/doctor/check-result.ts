// Constructors for check results, so every check reads the same and "not checked" is uniform.
import type { DoctorCheck, DoctorCheckId } from '../../../../shared/admin';

export function ok(id: DoctorCheckId, finding: string): DoctorCheck {
  return { id, status: 'ok', finding, fix: null };
}

export function warn(id: DoctorCheckId, finding: string, fix: string): DoctorCheck {
  return { id, status: 'warn', finding, fix };
}

export function fail(id: DoctorCheckId, finding: string, fix: string): DoctorCheck {
  return { id, status: 'fail', finding, fix };
}

/**
 * A check that could not run because an earlier one failed. It is a failure (nothing says the
 * setup works) but the fix points at the cause rather than repeating it.
 */
export function notChecked(id: DoctorCheckId, because: string, blocker: DoctorCheckId): DoctorCheck {
  return { id, status: 'fail', finding: `not checked: ${because}`, fix: `fix the "${blocker}" check first` };
}
