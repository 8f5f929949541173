import type { ResourceStatus } from '../../../shared/api';
import { EmptyState } from '../../components/EmptyState';
import { Switch } from '../../components/Switch';
import { VirtualGrid } from '../../components/VirtualGrid';
import { useResources } from '../../stores/resources-store';
import { ConnectionPill, HealthPill } from './ResourceStatusPill';

const ROW_HEIGHT = 56;

function ConnectSwitch({ resource, tabbable }: { resource: ResourceStatus; tabbable: boolean }): React.JSX.Element {
  const pending = useResources((store) => store.pending.has(resource.name));
  const setConnected = useResources((store) => store.setConnected);
  // On while connected or on its way; an errored listener is off, and switching it on retries.
  const on = resource.state === 'connected' || resource.state === 'connecting';
  return (
    <Switch
      label={`Connect ${resource.name}`}
      checked={on}
      busy={pending}
      tabIndex={tabbable ? 0 : -1}
      onChange={(checked) => void setConnected(resource.name, checked)}
    />
  );
}

function problemOf(resource: ResourceStatus): string | null {
  if (resource.error === null) return null;
  return resource.state === 'error' || resource.health === 'unhealthy' ? resource.error : null;
}

function ResourceCells({ resource, tabbable }: { resource: ResourceStatus; tabbable: boolean }): React.JSX.Element {
  const problem = problemOf(resource);
  const tags = Object.entries(resource.tags);
  return (
    <>
      <div className="cell cell--name" role="gridcell">
        <span className="resource-name">{resource.name}</span>
        <span className="resource-sub">
          {tags.length > 0
            ? tags.map(([key, value]) => `${key}=${value}`).join('  ')
            : (resource.server ?? resource.via ?? resource.type)}
        </span>
      </div>
      <div className="cell cell--status" role="gridcell">
        <ConnectionPill state={resource.state} />
        {problem !== null && (
          <span className="cell__problem" title={problem}>
            {problem}
          </span>
        )}
      </div>
      <div className="cell" role="gridcell">
        <HealthPill health={resource.health} />
      </div>
      <div className="cell cell--mono" role="gridcell">
        {resource.port ?? <span className="muted">—</span>}
      </div>
      <div className="cell cell--end" role="gridcell">
        <ConnectSwitch resource={resource} tabbable={tabbable} />
      </div>
    </>
  );
}

export function ResourceList({
  resources,
  onClearFilters,
}: {
  resources: readonly ResourceStatus[];
  onClearFilters: () => void;
}): React.JSX.Element {
  const selectedName = useResources((store) => store.selectedName);
  const select = useResources((store) => store.select);
  return (
    <VirtualGrid
      label="Resources"
      items={resources}
      rowHeight={ROW_HEIGHT}
      layoutClassName="resource-columns"
      getKey={(resource) => resource.name}
      getRowLabel={(resource) => resource.name}
      selectedKey={selectedName}
      onActivate={(resource) => select(resource.name)}
      header={
        <>
          <div className="cell" role="columnheader">
            Name
          </div>
          <div className="cell" role="columnheader">
            Status
          </div>
          <div className="cell" role="columnheader">
            Health
          </div>
          <div className="cell" role="columnheader">
            Port
          </div>
          <div className="cell cell--end" role="columnheader">
            Connect
          </div>
        </>
      }
      renderCells={(resource, { tabbable }) => <ResourceCells resource={resource} tabbable={tabbable} />}
      empty={
        <EmptyState title="No resource matches">
          <button type="button" className="link-button" onClick={onClearFilters}>
            Clear the search and tag filters
          </button>
        </EmptyState>
      }
    />
  );
}
