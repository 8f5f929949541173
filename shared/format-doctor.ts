// The doctor report as text for a terminal: one line per check, the fix indented below it.
import type { CheckStatus, DoctorReport } from './admin';

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.resources.flatMap((r) => r.checks.map((c) => c.id.length)), 2);
  const lines: string[] = [];
  for (const resource of report.resources) {
    if (lines.length > 0) lines.push('');
    lines.push(resource.name);
    for (const check of resource.checks) {
      lines.push(`  ${MARK[check.status]}  ${check.id.padEnd(width)}  ${check.finding}`);
      if (check.fix !== null) lines.push(`  ${''.padEnd(4)}  ${''.padEnd(width)}  fix: ${check.fix}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Any failed check makes the command fail (exit 1), so scripts can gate on it; warnings do not. */
export function doctorPassed(report: DoctorReport): boolean {
  return report.resources.every((resource) => resource.checks.every((check) => check.status !== 'fail'));
}
