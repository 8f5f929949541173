import { useEffect } from 'react';
import type { ApiError, Identity } from '../../../shared/api';
import { Button } from '../../components/Button';
import { ChipList } from '../../components/Chip';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { selectIdentity, useSession } from '../../stores/session-store';
import { GroupsAndWarnings } from './GroupsAndWarnings';

function IdentityPanel({ identity }: { identity: Identity }): React.JSX.Element {
  return (
    <div className="panel-grid">
      <section className="panel" aria-labelledby="identity-who">
        <h2 id="identity-who" className="panel__title">
          Who the cluster sees
        </h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd className="mono">{identity.email}</dd>
          <dt>Name</dt>
          <dd>{identity.name ?? <span className="muted">Not set</span>}</dd>
          <dt>Sent as</dt>
          <dd>
            <code className="mono">Impersonate-User: {identity.email}</code>
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="identity-roles">
        <h2 id="identity-roles" className="panel__title">
          Roles
        </h2>
        <ChipList items={identity.roles} label="Roles" none="No roles" />
        <p className="muted small">From the organisation file. Each role becomes a Kubernetes group.</p>
      </section>
      <section className="panel panel--wide" aria-labelledby="identity-groups">
        <h2 id="identity-groups" className="panel__title">
          Groups
        </h2>
        <p className="muted small">
          Sent as one <code>Impersonate-Group</code> header each; the cluster&apos;s RoleBindings decide what they
          allow.
        </p>
        <GroupsAndWarnings groups={identity.groups} warnings={identity.warnings} />
      </section>
      <section className="panel panel--wide" aria-labelledby="identity-resources">
        <h2 id="identity-resources" className="panel__title">
          Resources
        </h2>
        <ChipList items={identity.resources} label="Assigned resources" mono none="No resources are assigned to you" />
      </section>
    </div>
  );
}

export interface IdentityViewProps {
  identity: Identity | null;
  loading: boolean;
  loadError: ApiError | null;
  onRefresh: () => void;
}

/** The screen as its data makes it (pure, so a test can render it without a DOM). */
export function IdentityView({ identity, loading, loadError, onRefresh }: IdentityViewProps): React.JSX.Element {
  return (
    <div className="screen">
      <PageHeader
        title="Identity"
        summary="How Gatehouse presents you to every cluster you connect to."
        actions={
          <Button icon={<RefreshIcon />} busy={loading} onClick={onRefresh}>
            Refresh
          </Button>
        }
      />
      {loadError !== null && <ErrorNotice title="Your identity could not be read" error={loadError} />}
      {identity === null ? (
        loading && <Loading label="Reading your identity…" />
      ) : (
        <IdentityPanel identity={identity} />
      )}
    </div>
  );
}

export function IdentityScreen(): React.JSX.Element {
  // One source: the session (kept fresh by 'session' events). Opening the screen or Refresh reads it
  // again, so it shows what the backend's current org file says, never an older answer beside it.
  const identity = useSession(selectIdentity);
  const loading = useSession((store) => store.loading);
  const loadError = useSession((store) => store.loadError);
  const load = useSession((store) => store.load);

  useEffect(() => {
    void load();
  }, [load]);

  return <IdentityView identity={identity} loading={loading} loadError={loadError} onRefresh={() => void load()} />;
}
