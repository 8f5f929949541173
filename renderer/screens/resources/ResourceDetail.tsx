import type { GatewaySession, ResourceStatus } from '../../../shared/api';
import { useId } from 'react';
import { Callout } from '../../components/Callout';
import { ChipList } from '../../components/Chip';
import { CodeBlock } from '../../components/CodeBlock';
import { CloseIcon } from '../../components/icons';
import { useKubeconfig } from '../../stores/kubeconfig-store';
import { useResources } from '../../stores/resources-store';
import { gatewayLook } from '../../lib/gateway-status';
import { canSee } from '../../lib/screen-access';
import { useIdentity, useSession } from '../../stores/session-store';
import { GatewayHealthPill } from '../identity/GatewayPanel';
import { GroupsAndWarnings } from '../identity/GroupsAndWarnings';
import { ResourceIdentityView } from '../identity/ResourceIdentityView';
import { DoctorResults } from './DoctorResults';
import { ConnectionPill, HealthPill } from './ResourceStatusPill';

/** Gateway mode: the gateway URL this resource goes through, and whether the gateway answers. */
function ThroughGateway({ via, gateway }: { via: string; gateway: GatewaySession | null }): React.JSX.Element {
  const look = gateway === null ? null : gatewayLook(gateway);
  return (
    <>
      <dt>Through</dt>
      <dd>
        <span className="mono break">{via}</span>
        {gateway !== null && (
          <>
            {' '}
            <GatewayHealthPill gateway={gateway} />
          </>
        )}
        {look?.detail != null && <p className="error-message">{look.detail}</p>}
      </dd>
    </>
  );
}

function Facts({ resource, gateway }: { resource: ResourceStatus; gateway: GatewaySession | null }): React.JSX.Element {
  const tags = Object.entries(resource.tags).map(([key, value]) => `${key}=${value}`);
  return (
    <dl className="facts">
      {resource.via !== null ? (
        <ThroughGateway via={resource.via} gateway={gateway} />
      ) : (
        <>
          <dt>Server</dt>
          <dd className="mono break">
            {resource.server ?? <span className="muted">Not given in the organisation file</span>}
          </dd>
        </>
      )}
      <dt>Type</dt>
      <dd>{resource.type}</dd>
      <dt>Local address</dt>
      <dd className="mono">
        {resource.port === null ? (
          <span className="muted">Assigned on first connect</span>
        ) : (
          `127.0.0.1:${resource.port}`
        )}
      </dd>
      <dt>Health</dt>
      <dd>
        <HealthPill health={resource.health} /> <span className="muted">namespace {resource.healthcheckNamespace}</span>
      </dd>
      <dt>Tags</dt>
      <dd>
        <ChipList items={tags} label="Tags" mono none="No tags" />
      </dd>
    </dl>
  );
}

/** Everything about the selected resource: where it is, how to use it, who you are there, is it set up. */
export function ResourceDetail({ resource }: { resource: ResourceStatus }): React.JSX.Element {
  const identity = useIdentity();
  // SPEC §11: this resource's own username and groups, when the host says (older hosts do not).
  const onResource = identity?.identities?.find((entry) => entry.resource === resource.name);
  const session = useSession((store) => store.session);
  const gateway = session?.gateway ?? null;
  // The checks ask the cluster with the org's credential: at a gateway, only its admins may.
  const showChecks = canSee('admin', session);
  const select = useResources((store) => store.select);
  const openKubeconfig = useKubeconfig((store) => store.open);
  const command = `kubectl --context ${resource.name} get pods`;
  const headingId = useId();

  return (
    <section className="detail" aria-labelledby={headingId}>
      <header className="detail__header">
        <div className="detail__title-row">
          <h2 id={headingId} className="detail__title">
            {resource.name}
          </h2>
          <ConnectionPill state={resource.state} />
        </div>
        <button type="button" className="icon-button" aria-label="Close details" onClick={() => select(null)}>
          <CloseIcon />
        </button>
      </header>
      <div className="detail__body">
        {resource.error !== null && (
          <Callout
            tone={resource.state === 'error' ? 'danger' : 'warning'}
            title={resource.state === 'error' ? 'Cannot connect' : 'Unhealthy'}
          >
            <p className="error-message">{resource.error}</p>
          </Callout>
        )}
        <Facts resource={resource} gateway={gateway} />

        <section className="detail__section" aria-labelledby={`${headingId}-kubectl`}>
          <h3 id={`${headingId}-kubectl`} className="section-title">
            Use with kubectl
          </h3>
          <CodeBlock code={command} label="kubectl command" copyLabel="Copy command" />
          <p className="muted small">
            The context appears in your kubectl configuration once you{' '}
            <button type="button" className="link-button" onClick={openKubeconfig}>
              update it
            </button>
            . Connect first: kubectl talks to 127.0.0.1{resource.port === null ? '' : `:${resource.port}`}.
          </p>
        </section>

        <section className="detail__section" aria-labelledby={`${headingId}-identity`}>
          <h3 id={`${headingId}-identity`} className="section-title">
            Your identity here
          </h3>
          {identity === null ? (
            <p className="muted">Not signed in.</p>
          ) : onResource ? (
            <ResourceIdentityView identity={onResource} />
          ) : (
            <>
              <p>
                Requests reach the cluster as <strong className="mono">{identity.email}</strong> with these groups:
              </p>
              <GroupsAndWarnings groups={identity.groups} warnings={identity.warnings} />
            </>
          )}
        </section>

        {showChecks && (
          <section className="detail__section" aria-labelledby={`${headingId}-checks`}>
            <h3 id={`${headingId}-checks`} className="section-title">
              Setup checks
            </h3>
            <DoctorResults name={resource.name} />
          </section>
        )}
      </div>
    </section>
  );
}
