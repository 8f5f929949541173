import { useEffect, useMemo } from 'react';
import type { RequestRecord } from '../../../shared/activity';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { StatusPill, type Tone } from '../../components/StatusPill';
import { VirtualGrid } from '../../components/VirtualGrid';
import { formatBytes, formatCount, formatDuration, formatTime } from '../../lib/format';
import { objectKey } from '../../lib/object-key';
import { distinctVerbs, filterRequests } from '../../lib/request-filter';
import { useRequests } from '../../stores/requests-store';
import { RequestFilters } from './RequestFilters';

const ROW_HEIGHT = 44;

function statusTone(record: RequestRecord): Tone {
  if (record.refused !== undefined) return 'danger';
  if (record.status >= 500) return 'danger';
  if (record.status >= 400) return 'warning';
  return 'success';
}

function RequestCells({ record }: { record: RequestRecord }): React.JSX.Element {
  const target =
    record.apiResource === null
      ? record.path
      : `${record.apiResource}${record.namespace === null ? '' : ` in ${record.namespace}`}`;
  return (
    <>
      <div className="cell cell--mono" role="gridcell">
        <time dateTime={record.time}>{formatTime(record.time)}</time>
      </div>
      <div className="cell" role="gridcell">
        {record.resource}
      </div>
      <div className="cell cell--truncate" role="gridcell" title={record.user}>
        {record.user}
      </div>
      <div className="cell cell--mono" role="gridcell">
        {record.verb}
      </div>
      <div className="cell cell--stacked" role="gridcell" title={record.refused ?? record.path}>
        <span className="cell__primary">{target}</span>
        <span className="cell__secondary mono">
          {record.upgrade !== undefined && `${record.upgrade} · `}
          {record.refused ?? record.path}
        </span>
      </div>
      <div className="cell" role="gridcell">
        <StatusPill tone={statusTone(record)}>{record.status}</StatusPill>
      </div>
      <div className="cell cell--number" role="gridcell">
        {formatDuration(record.durationMs)}
      </div>
      <div className="cell cell--number" role="gridcell">
        {formatBytes(record.bytes)}
      </div>
    </>
  );
}

const HEADERS = ['Time', 'Resource', 'User', 'Verb', 'What', 'Status', 'Duration', 'Size'];

/** Requests that went through this machine's listeners, newest first; live while the screen is open. */
export function RequestsView(): React.JSX.Element {
  const records = useRequests((store) => store.records);
  const loaded = useRequests((store) => store.loaded);
  const loading = useRequests((store) => store.loading);
  const error = useRequests((store) => store.error);
  const filter = useRequests((store) => store.filter);
  const load = useRequests((store) => store.load);

  useEffect(() => {
    void load();
  }, [load]);

  const shown = useMemo(() => filterRequests(records, filter), [records, filter]);
  const verbs = useMemo(() => distinctVerbs(records), [records]);

  return (
    <div className="stack stack--fill">
      <div className="toolbar">
        <RequestFilters verbs={verbs} />
        <div className="toolbar__row">
          <p className="toolbar__count" role="status">
            {loaded ? `Showing ${formatCount(shown.length)} of ${formatCount(records.length)} requests` : ''}
          </p>
          <span className="spacer" />
          <Button size="small" icon={<RefreshIcon />} busy={loading} onClick={() => void load()}>
            Reload
          </Button>
        </div>
      </div>
      {error !== null && <ErrorNotice title="The request log could not be read" error={error} />}
      {!loaded && loading && <Loading label="Reading the request log…" />}
      {loaded && (
        <VirtualGrid
          label="Requests"
          items={shown}
          rowHeight={ROW_HEIGHT}
          layoutClassName="request-columns"
          getKey={objectKey}
          header={HEADERS.map((header) => (
            <div key={header} className="cell" role="columnheader">
              {header}
            </div>
          ))}
          renderCells={(record) => <RequestCells record={record} />}
          empty={
            <EmptyState title={records.length === 0 ? 'No requests yet' : 'No request matches the filter'}>
              {records.length === 0
                ? 'Connect a resource and run kubectl; its requests appear here as they happen.'
                : null}
            </EmptyState>
          }
        />
      )}
    </div>
  );
}
