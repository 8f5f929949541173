import type { CheckStatus, DoctorCheck } from '../../../shared/admin';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { StatusPill, type Tone } from '../../components/StatusPill';
import { currentValue } from '../../api/loadable';
import { CHECK_STATUS_LABELS, CHECK_TITLES } from '../../lib/doctor-labels';
import { useDoctor } from '../../stores/doctor-store';

const TONES: Record<CheckStatus, Tone> = { ok: 'success', warn: 'warning', fail: 'danger' };

function CheckItem({ check }: { check: DoctorCheck }): React.JSX.Element {
  return (
    <li className={`check check--${check.status}`}>
      <div className="check__head">
        <StatusPill tone={TONES[check.status]}>{CHECK_STATUS_LABELS[check.status]}</StatusPill>
        <span className="check__title">{CHECK_TITLES[check.id]}</span>
        <code className="check__id">{check.id}</code>
      </div>
      <p className="check__finding">{check.finding}</p>
      {check.fix !== null && (
        <p className="check__fix">
          <span className="check__fix-label">Fix: </span>
          {check.fix}
        </p>
      )}
    </li>
  );
}

/** The cluster checks for one resource, run on demand (each run asks the cluster). */
export function DoctorResults({ name }: { name: string }): React.JSX.Element {
  const report = useDoctor((store) => store.reports[name]);
  const run = useDoctor((store) => store.run);
  const running = report?.status === 'loading';
  const shown = report === undefined ? null : currentValue(report);

  return (
    <div className="stack">
      <div className="row">
        <Button icon={<RefreshIcon />} busy={running} onClick={() => void run(name)}>
          Run checks
        </Button>
        {report === undefined && <span className="muted">Checks that {name} is set up for impersonation.</span>}
      </div>
      {running && shown === null && <Loading label={`Checking ${name}…`} />}
      {report?.status === 'failed' && <ErrorNotice title="The checks could not run" error={report.error} />}
      {shown !== null && (
        <ul className="checks" aria-label={`Check results for ${name}`} aria-busy={running}>
          {shown.checks.map((check) => (
            <CheckItem key={check.id} check={check} />
          ))}
        </ul>
      )}
    </div>
  );
}
