import { useEffect } from 'react';
import type { ApiError, GatewaySession, Identity } from '../../../shared/api';
import { Button } from '../../components/Button';
import { ChipList } from '../../components/Chip';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RefreshIcon } from '../../components/icons';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { hasGroupSources } from '../../lib/group-sources';
import { selectIdentity, useSession } from '../../stores/session-store';
import { GatewayPanel } from './GatewayPanel';
import { GroupOrigins, RoleOrigins } from './GroupOrigins';
import { ResourceIdentityView } from './ResourceIdentityView';
import { GroupsAndWarnings } from './GroupsAndWarnings';

function IdentityPanel({ identity, gatewayMode }: { identity: Identity; gatewayMode: boolean }): React.JSX.Element {
  const sourced = hasGroupSources(identity);
  // Resources that impersonate an identity alias, not the email (SPEC §11).
  const aliases = (identity.identities ?? []).filter((i) => i.usernameFrom !== 'email').map((i) => i.resource);
  return (
    <>
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
            {aliases.length > 0 && aliases.length === (identity.identities ?? []).length ? (
              <span>an identity alias on each resource (below)</span>
            ) : (
              <code className="mono">Impersonate-User: {identity.email}</code>
            )}
            {aliases.length > 0 && aliases.length < (identity.identities ?? []).length && (
              <span className="muted small"> (an alias on {aliases.join(', ')}, below)</span>
            )}
            {gatewayMode && <span className="muted small"> (by the gateway)</span>}
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="identity-roles">
        <h2 id="identity-roles" className="panel__title">
          Roles
        </h2>
        {identity.roleSources !== undefined ? (
          <RoleOrigins identity={identity} />
        ) : (
          <ChipList items={identity.roles} label="Roles" none="No roles" />
        )}
        <p className="muted small">
          {gatewayMode
            ? 'From the organisation file at the gateway, or from your identity provider’s groups. Each role becomes a Kubernetes group.'
            : 'From the organisation file. Each role becomes a Kubernetes group.'}
        </p>
      </section>
      <section className="panel panel--wide" aria-labelledby="identity-groups">
        <h2 id="identity-groups" className="panel__title">
          Groups
        </h2>
        <p className="muted small">
          Sent as one <code>Impersonate-Group</code> header each; the cluster&apos;s RoleBindings decide what they
          allow.
        </p>
        {sourced ? (
          <GroupOrigins identity={identity} />
        ) : (
          <GroupsAndWarnings groups={identity.groups} warnings={identity.warnings} />
        )}
      </section>
      <section className="panel panel--wide" aria-labelledby="identity-resources">
        <h2 id="identity-resources" className="panel__title">
          Resources
        </h2>
        <ChipList items={identity.resources} label="Assigned resources" mono none="No resources are assigned to you" />
      </section>
      {(identity.identities ?? []).length > 0 && (
        <section className="panel panel--wide" aria-labelledby="identity-per-resource">
          <h2 id="identity-per-resource" className="panel__title">
            Per resource
          </h2>
          {(identity.identities ?? []).map((entry) => (
            <div key={entry.resource} className="stack stack--tight">
              <h3 className="section-title mono">{entry.resource}</h3>
              <ResourceIdentityView identity={entry} />
            </div>
          ))}
        </section>
      )}
    </>
  );
}

export interface IdentityViewProps {
  identity: Identity | null;
  loading: boolean;
  loadError: ApiError | null;
  onRefresh: () => void;
  /** Gateway mode: the session at the gateway (null or absent in local mode). */
  gateway?: GatewaySession | null;
  signingOut?: boolean;
  onSignOut?: () => void;
}

/** The screen as its data makes it (pure, so a test can render it without a DOM). */
export function IdentityView({
  identity,
  loading,
  loadError,
  onRefresh,
  gateway = null,
  signingOut = false,
  onSignOut = () => undefined,
}: IdentityViewProps): React.JSX.Element {
  return (
    <div className="screen">
      <PageHeader
        title="Identity"
        summary={
          gateway === null
            ? 'How Gatehouse presents you to every cluster you connect to.'
            : 'How your organisation’s gateway presents you to every cluster you connect to.'
        }
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
        <div className="panel-grid">
          {gateway !== null && <GatewayPanel gateway={gateway} signingOut={signingOut} onSignOut={onSignOut} />}
          <IdentityPanel identity={identity} gatewayMode={gateway !== null} />
        </div>
      )}
    </div>
  );
}

export function IdentityScreen(): React.JSX.Element {
  // One source: the session (kept fresh by 'session' events). Opening the screen or Refresh reads it
  // again (in gateway mode, Refresh asks the gateway's /v1/me now), so it shows what the backend
  // says now, never an older answer beside it.
  const identity = useSession(selectIdentity);
  const gateway = useSession((store) => store.session?.gateway ?? null);
  const loading = useSession((store) => store.loading);
  const loadError = useSession((store) => store.loadError);
  const signingOut = useSession((store) => store.signingOut);
  const load = useSession((store) => store.load);
  const refresh = useSession((store) => store.refresh);
  const signOut = useSession((store) => store.signOut);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <IdentityView
      identity={identity}
      loading={loading}
      loadError={loadError}
      onRefresh={() => void refresh()}
      gateway={gateway}
      signingOut={signingOut}
      onSignOut={() => void signOut()}
    />
  );
}
