import { describe, expect, it } from 'vitest';
import type { DoctorReport } from './admin';
import { doctorPassed, formatDoctorReport } from './format-doctor';

const report: DoctorReport = {
  resources: [
    {
      name: 'staging',
      checks: [
        { id: 'reachable', status: 'ok', finding: 'Kubernetes v1.30 answers', fix: null },
        { id: 'bindings', status: 'warn', finding: 'members of role "X" get no access', fix: 'bind it' },
      ],
    },
  ],
};

describe('doctor text output', () => {
  it('prints one line per check and the fix below it', () => {
    expect(formatDoctorReport(report)).toBe(
      [
        'staging',
        '  ok    reachable  Kubernetes v1.30 answers',
        '  WARN  bindings   members of role "X" get no access',
        '                   fix: bind it',
        '',
      ].join('\n'),
    );
  });

  it('passes with warnings, fails with a failed check', () => {
    expect(doctorPassed(report)).toBe(true);
    const failed = structuredClone(report);
    failed.resources[0]!.checks[0]!.status = 'fail';
    expect(doctorPassed(failed)).toBe(false);
  });
});
