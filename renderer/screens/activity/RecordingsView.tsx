import { useEffect } from 'react';
import type { RecordingSummary } from '../../../shared/api';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PlayIcon, RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { currentValue } from '../../api/loadable';
import { formatBytes, formatDateTime } from '../../lib/format';
import { useRecordings } from '../../stores/recordings-store';
import { RecordingPlayer } from './RecordingPlayer';

function describeTarget(recording: RecordingSummary): string {
  const pod = recording.pod ?? '?';
  const container = recording.container === null ? '' : ` / ${recording.container}`;
  return `${recording.namespace ?? '?'} / ${pod}${container}`;
}

function commandOf(recording: RecordingSummary): string {
  return recording.command.length > 0 ? recording.command.join(' ') : `(${recording.subresource})`;
}

function RecordingsTable({ recordings }: { recordings: readonly RecordingSummary[] }): React.JSX.Element {
  const openId = useRecordings((store) => store.openId);
  const open = useRecordings((store) => store.open);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Recorded sessions</caption>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Resource</th>
            <th scope="col">User</th>
            <th scope="col">Pod</th>
            <th scope="col">Command</th>
            <th scope="col" className="cell--number">
              Size
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((recording) => (
            <tr key={recording.id} aria-current={recording.id === openId ? 'true' : undefined}>
              <td>
                <time dateTime={recording.time}>{formatDateTime(recording.time)}</time>
              </td>
              <td>{recording.resource}</td>
              <td className="mono small">{recording.user}</td>
              <td className="mono small">{describeTarget(recording)}</td>
              <td className="mono">
                <span className="muted">{recording.subresource} · </span>
                {commandOf(recording)}
              </td>
              <td className="cell--number">{formatBytes(recording.bytes)}</td>
              <td className="cell--end">
                <Button
                  size="small"
                  icon={<PlayIcon />}
                  aria-label={`Replay ${commandOf(recording)} on ${recording.resource} at ${formatDateTime(recording.time)}`}
                  onClick={() => void open(recording.id)}
                >
                  Replay
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Player({ recordings }: { recordings: readonly RecordingSummary[] }): React.JSX.Element | null {
  const openId = useRecordings((store) => store.openId);
  const cast = useRecordings((store) => store.cast);
  const closePlayer = useRecordings((store) => store.closePlayer);
  const summary = recordings.find((recording) => recording.id === openId);
  if (openId === null || summary === undefined) return null;
  return (
    <section className="panel stack" aria-labelledby="player-heading">
      <div className="row">
        <h2 id="player-heading" className="panel__title">
          {commandOf(summary)} <span className="muted">on {summary.resource}</span>
        </h2>
        <span className="spacer" />
        <Button size="small" variant="ghost" onClick={closePlayer}>
          Close replay
        </Button>
      </div>
      {cast.status === 'loading' && <Loading label="Loading the recording…" />}
      {cast.status === 'failed' && <ErrorNotice title="The recording cannot be replayed" error={cast.error} />}
      {cast.status === 'ready' && <RecordingPlayer key={openId} cast={cast.value} summary={summary} />}
    </section>
  );
}

/** Recorded exec/attach sessions (stdin, stdout, stderr with timings) and their replay. */
export function RecordingsView(): React.JSX.Element {
  const loadable = useRecordings((store) => store.recordings);
  const load = useRecordings((store) => store.load);
  useEffect(() => {
    void load();
  }, [load]);

  const recordings = currentValue(loadable);
  return (
    <div className="stack">
      <div className="row">
        <p className="muted">
          Interactive sessions (kubectl exec and attach) are recorded on this machine and can be replayed.
        </p>
        <span className="spacer" />
        <Button size="small" icon={<RefreshIcon />} busy={loadable.status === 'loading'} onClick={() => void load()}>
          Reload
        </Button>
      </div>
      {loadable.status === 'failed' && (
        <ErrorNotice title="The recordings could not be listed" error={loadable.error} />
      )}
      {recordings === null && loadable.status === 'loading' && <Loading label="Listing recordings…" />}
      {recordings !== null && recordings.length === 0 && (
        <EmptyState title="No recorded sessions">
          Run kubectl exec -it through a connected resource; the session appears here.
        </EmptyState>
      )}
      {recordings !== null && <Player recordings={recordings} />}
      {recordings !== null && recordings.length > 0 && <RecordingsTable recordings={recordings} />}
    </div>
  );
}
