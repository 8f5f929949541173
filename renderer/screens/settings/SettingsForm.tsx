import { type FormEvent, useId, useState } from 'react';
import type { GatewaySession, Settings } from '../../../shared/api';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSettings } from '../../stores/settings-store';
import { GatewaySettings } from './GatewaySettings';
import { bytesOf, megabytesOf, retentionProblem } from './retention-fields';

const LOWEST_PORT = 1024;
const HIGHEST_PORT = 65535;

interface Draft {
  orgFile: string;
  kubeconfigPath: string;
  firstPort: string;
  lastPort: string;
  launchAtLogin: boolean;
  keepRunningInTray: boolean;
  recordingsDays: string;
  recordingsMegabytes: string;
}

function draftOf(settings: Settings): Draft {
  return {
    orgFile: settings.orgFile ?? '',
    kubeconfigPath: settings.kubeconfigPath ?? '',
    firstPort: String(settings.portRange.first),
    lastPort: String(settings.portRange.last),
    launchAtLogin: settings.launchAtLogin,
    keepRunningInTray: settings.keepRunningInTray,
    recordingsDays: String(settings.recordingsMaxAgeDays),
    recordingsMegabytes: megabytesOf(settings.recordingsMaxTotalBytes),
  };
}

/** Why the port range cannot be saved, or null. */
function portRangeProblem(first: number, last: number): string | null {
  if (!Number.isInteger(first) || !Number.isInteger(last)) return 'Ports are whole numbers.';
  if (first < LOWEST_PORT || last > HIGHEST_PORT) return `Ports must be between ${LOWEST_PORT} and ${HIGHEST_PORT}.`;
  if (first > last) return 'The first port must not be above the last.';
  return null;
}

/** Only what changed is sent, so a setting changed elsewhere meanwhile (tray, CLI) is not overwritten. */
function changesOf(draft: Draft, saved: Settings): Partial<Settings> {
  const change: Partial<Settings> = {};
  const orgFile = draft.orgFile.trim() === '' ? null : draft.orgFile.trim();
  const kubeconfigPath = draft.kubeconfigPath.trim() === '' ? null : draft.kubeconfigPath.trim();
  if (orgFile !== saved.orgFile) change.orgFile = orgFile;
  if (kubeconfigPath !== saved.kubeconfigPath) change.kubeconfigPath = kubeconfigPath;
  const portRange = { first: Number(draft.firstPort), last: Number(draft.lastPort) };
  if (portRange.first !== saved.portRange.first || portRange.last !== saved.portRange.last)
    change.portRange = portRange;
  if (draft.launchAtLogin !== saved.launchAtLogin) change.launchAtLogin = draft.launchAtLogin;
  if (draft.keepRunningInTray !== saved.keepRunningInTray) change.keepRunningInTray = draft.keepRunningInTray;
  const shown = draftOf(saved);
  if (draft.recordingsDays !== shown.recordingsDays) change.recordingsMaxAgeDays = Number(draft.recordingsDays);
  if (draft.recordingsMegabytes !== shown.recordingsMegabytes)
    change.recordingsMaxTotalBytes = bytesOf(draft.recordingsMegabytes);
  return change;
}

export function SettingsForm({
  saved,
  desktopOnlyNote,
  gateway = null,
}: {
  saved: Settings;
  desktopOnlyNote: string | null;
  /** Gateway mode: there is no org file on this machine, and the gateway's own panel is shown. */
  gateway?: GatewaySession | null;
}): React.JSX.Element {
  const ids = {
    org: useId(),
    kubeconfig: useId(),
    kubeconfigHint: useId(),
    first: useId(),
    last: useId(),
    ports: useId(),
    login: useId(),
    tray: useId(),
    trayHint: useId(),
    days: useId(),
    megabytes: useId(),
    retention: useId(),
  };
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const [retentionIssue, setRetentionIssue] = useState<string | null>(null);
  const saving = useSettings((store) => store.saving);
  const saveError = useSettings((store) => store.saveError);
  const savedAt = useSettings((store) => store.savedAt);
  const save = useSettings((store) => store.save);
  const change = changesOf(draft, saved);
  const dirty = Object.keys(change).length > 0;
  const update = (patch: Partial<Draft>): void => setDraft((current) => ({ ...current, ...patch }));

  function submit(event: FormEvent): void {
    event.preventDefault();
    const rangeProblem = portRangeProblem(Number(draft.firstPort), Number(draft.lastPort));
    setProblem(rangeProblem);
    const keepProblem = retentionProblem(draft.recordingsDays, draft.recordingsMegabytes);
    setRetentionIssue(keepProblem);
    if (rangeProblem !== null || keepProblem !== null || !dirty) return;
    // On success the screen re-keys this form with the saved settings, which resets the draft.
    void save(change);
  }

  return (
    <form className="settings-form" onSubmit={submit} noValidate>
      {gateway !== null && <GatewaySettings gateway={gateway} caFile={saved.gatewayCaFile} />}
      <section className="panel stack" aria-labelledby="settings-files">
        <h2 id="settings-files" className="panel__title">
          Files
        </h2>
        {gateway === null && (
          <div className="field">
            <label className="field__label" htmlFor={ids.org}>
              Organisation file
            </label>
            <input
              id={ids.org}
              className="input input--mono"
              value={draft.orgFile}
              spellCheck={false}
              onChange={(event) => update({ orgFile: event.target.value })}
            />
          </div>
        )}
        <div className="field">
          <label className="field__label" htmlFor={ids.kubeconfig}>
            kubectl configuration file
          </label>
          <input
            id={ids.kubeconfig}
            className="input input--mono"
            value={draft.kubeconfigPath}
            placeholder="Default: the first file in KUBECONFIG, or ~/.kube/config"
            spellCheck={false}
            aria-describedby={ids.kubeconfigHint}
            onChange={(event) => update({ kubeconfigPath: event.target.value })}
          />
          <p id={ids.kubeconfigHint} className="field__hint">
            Where “Update kubectl configuration” writes. Leave empty to follow kubectl&apos;s own rules.
          </p>
        </div>
      </section>

      <section className="panel stack" aria-labelledby="settings-ports">
        <h2 id="settings-ports" className="panel__title">
          Local ports
        </h2>
        <fieldset className="field" aria-describedby={ids.ports}>
          <legend className="visually-hidden">Port range</legend>
          <div className="field-row">
            <div className="field">
              <label className="field__label" htmlFor={ids.first}>
                First port
              </label>
              <input
                id={ids.first}
                className="input input--port"
                inputMode="numeric"
                value={draft.firstPort}
                onChange={(event) => update({ firstPort: event.target.value })}
                aria-invalid={problem !== null}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.last}>
                Last port
              </label>
              <input
                id={ids.last}
                className="input input--port"
                inputMode="numeric"
                value={draft.lastPort}
                onChange={(event) => update({ lastPort: event.target.value })}
                aria-invalid={problem !== null}
              />
            </div>
          </div>
          <p id={ids.ports} className="field__hint">
            Each resource gets a port from this range once and keeps it, so kubectl contexts stay valid. Resources with
            a fixed port in the organisation file keep theirs.
          </p>
          {problem !== null && (
            <p className="field__error" role="alert">
              {problem}
            </p>
          )}
        </fieldset>
      </section>

      <section className="panel stack" aria-labelledby="settings-recordings">
        <h2 id="settings-recordings" className="panel__title">
          Recordings
        </h2>
        <fieldset className="field" aria-describedby={ids.retention}>
          <legend className="visually-hidden">Recording retention</legend>
          <div className="field-row">
            <div className="field">
              <label className="field__label" htmlFor={ids.days}>
                Keep for (days)
              </label>
              <input
                id={ids.days}
                className="input input--port"
                inputMode="numeric"
                value={draft.recordingsDays}
                onChange={(event) => update({ recordingsDays: event.target.value })}
                aria-invalid={retentionIssue !== null}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.megabytes}>
                At most (MB in all)
              </label>
              <input
                id={ids.megabytes}
                className="input input--port"
                inputMode="numeric"
                value={draft.recordingsMegabytes}
                onChange={(event) => update({ recordingsMegabytes: event.target.value })}
                aria-invalid={retentionIssue !== null}
              />
            </div>
          </div>
          <p id={ids.retention} className="field__hint">
            Exec and attach sessions are recorded on this computer. Older recordings are deleted, and the oldest go
            first when all of them together would be larger than this.
          </p>
          {retentionIssue !== null && (
            <p className="field__error" role="alert">
              {retentionIssue}
            </p>
          )}
        </fieldset>
      </section>

      <section className="panel stack" aria-labelledby="settings-desktop">
        <h2 id="settings-desktop" className="panel__title">
          Desktop
        </h2>
        {desktopOnlyNote !== null && (
          <Callout tone="info" title="Desktop app only">
            {desktopOnlyNote}
          </Callout>
        )}
        <div className="checkbox">
          <input
            id={ids.login}
            type="checkbox"
            checked={draft.launchAtLogin}
            onChange={(event) => update({ launchAtLogin: event.target.checked })}
          />
          <label htmlFor={ids.login}>Launch at login</label>
        </div>
        <div className="checkbox">
          <input
            id={ids.tray}
            type="checkbox"
            checked={draft.keepRunningInTray}
            aria-describedby={ids.trayHint}
            onChange={(event) => update({ keepRunningInTray: event.target.checked })}
          />
          <label htmlFor={ids.tray}>Keep running in the tray when the window is closed</label>
        </div>
        <p id={ids.trayHint} className="field__hint">
          Connections stay up while Gatehouse runs in the tray; quitting disconnects everything.
        </p>
      </section>

      {saveError !== null && <ErrorNotice title="The settings were not saved" error={saveError} />}
      <div className="form-actions">
        <p className="muted" role="status">
          {dirty ? 'Unsaved changes' : savedAt !== null ? 'Saved' : ''}
        </p>
        <Button
          disabled={!dirty || saving}
          onClick={() => {
            setDraft(draftOf(saved));
            setProblem(null);
            setRetentionIssue(null);
          }}
        >
          Discard changes
        </Button>
        <Button type="submit" variant="primary" busy={saving} disabled={!dirty}>
          Save settings
        </Button>
      </div>
    </form>
  );
}
