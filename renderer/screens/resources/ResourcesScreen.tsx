import { useMemo } from 'react';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FileIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { filterResources } from '../../lib/filter-resources';
import { formatCount } from '../../lib/format';
import { useKubeconfig } from '../../stores/kubeconfig-store';
import { useResourceFilter } from '../../stores/resource-filter-store';
import { useResources } from '../../stores/resources-store';
import { GatewayStatus } from './GatewayStatus';
import { ResourceDetail } from './ResourceDetail';
import { ResourceList } from './ResourceList';
import { ResourceToolbar } from './ResourceToolbar';

function Actions(): React.JSX.Element {
  const bulkPending = useResources((store) => store.bulkPending);
  const changeAll = useResources((store) => store.changeAll);
  const openKubeconfig = useKubeconfig((store) => store.open);
  return (
    <>
      <Button icon={<FileIcon />} onClick={openKubeconfig}>
        Update kubectl configuration
      </Button>
      <Button
        busy={bulkPending === 'disconnect'}
        disabled={bulkPending === 'connect'}
        onClick={() => void changeAll('disconnect')}
      >
        Disconnect all
      </Button>
      <Button
        variant="primary"
        busy={bulkPending === 'connect'}
        disabled={bulkPending === 'disconnect'}
        onClick={() => void changeAll('connect')}
      >
        Connect all
      </Button>
    </>
  );
}

export function ResourcesScreen(): React.JSX.Element {
  const resources = useResources((store) => store.resources);
  const loaded = useResources((store) => store.loaded);
  const loadError = useResources((store) => store.loadError);
  const actionError = useResources((store) => store.actionError);
  const dismissActionError = useResources((store) => store.dismissActionError);
  const selectedName = useResources((store) => store.selectedName);
  const reload = useResources((store) => store.load);
  const query = useResourceFilter((store) => store.query);
  const selectedTags = useResourceFilter((store) => store.selectedTagIds);
  const clearFilters = useResourceFilter((store) => store.clear);

  const shown = useMemo(() => filterResources(resources, query, selectedTags), [resources, query, selectedTags]);
  const selected = resources.find((resource) => resource.name === selectedName) ?? null;
  const connected = resources.filter((resource) => resource.state === 'connected').length;

  let body: React.JSX.Element;
  if (!loaded) body = <Loading label="Loading your resources…" />;
  else if (loadError !== null && resources.length === 0)
    body = (
      <ErrorNotice
        title="Your resources could not be loaded"
        error={loadError}
        actions={<Button onClick={() => void reload()}>Try again</Button>}
      />
    );
  else if (resources.length === 0)
    body = (
      <EmptyState title="No resources are assigned to you">
        Your roles grant no resources in this organisation. Ask an admin to add a rule for one of your roles.
      </EmptyState>
    );
  else
    body = (
      <>
        <ResourceToolbar resources={resources} shownCount={shown.length} />
        <div className={`resources-layout${selected === null ? '' : ' resources-layout--with-detail'}`}>
          <ResourceList resources={shown} onClearFilters={clearFilters} />
          {selected !== null && <ResourceDetail resource={selected} />}
        </div>
      </>
    );

  return (
    <div className="screen screen--fill">
      <PageHeader
        title="Resources"
        summary={loaded ? `${formatCount(resources.length)} assigned · ${formatCount(connected)} connected` : undefined}
        actions={<Actions />}
      />
      <GatewayStatus />
      {actionError !== null && (
        <Callout
          tone="danger"
          title={actionError.title}
          role="alert"
          actions={
            <Button size="small" variant="ghost" onClick={dismissActionError}>
              Dismiss
            </Button>
          }
        >
          <p className="error-message">{actionError.message}</p>
        </Callout>
      )}
      {body}
    </div>
  );
}
