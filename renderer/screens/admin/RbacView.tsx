import { useEffect, useId } from 'react';
import { Callout } from '../../components/Callout';
import { CodeBlock } from '../../components/CodeBlock';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { currentValue } from '../../api/loadable';
import { useRbac } from '../../stores/rbac-store';

/** Admin: the YAML a cluster admin applies so the leased credential may impersonate exactly these people. */
export function RbacView(): React.JSX.Element {
  const broadId = useId();
  const broadHintId = useId();
  const broad = useRbac((store) => store.broad);
  const loadable = useRbac((store) => store.documents);
  const load = useRbac((store) => store.load);
  const setBroad = useRbac((store) => store.setBroad);

  useEffect(() => {
    if (loadable.status === 'idle') void load();
  }, [loadable.status, load]);

  const documents = currentValue(loadable);
  return (
    <div className="stack">
      <div className="row row--wrap">
        <div className="checkbox">
          <input
            id={broadId}
            type="checkbox"
            checked={broad}
            aria-describedby={broadHintId}
            onChange={(event) => void setBroad(event.target.checked)}
          />
          <label htmlFor={broadId}>Broad impersonation</label>
        </div>
        <span id={broadHintId} className="muted small">
          {broad
            ? 'Any user and any group may be impersonated: simpler to maintain, much more powerful if the credential leaks.'
            : 'Least privilege: only the emails and derived groups of this organisation.'}
        </span>
        <span className="spacer" />
        {documents !== null && documents.length > 1 && (
          <CopyButton
            text={documents.map((document) => document.yaml).join('\n---\n')}
            label="Copy all RBAC YAML"
            visibleLabel="Copy all"
          />
        )}
      </div>
      <Callout tone="info" title="Apply as a cluster admin">
        <p>
          Save the YAML and run <code>kubectl apply -f rbac.yaml</code> against each cluster, then run the setup checks
          again.
        </p>
      </Callout>
      {loadable.status === 'failed' && (
        <ErrorNotice title="The RBAC YAML could not be generated" error={loadable.error} />
      )}
      {documents === null && loadable.status === 'loading' && <Loading label="Generating…" />}
      {documents?.map((document) => (
        <CodeBlock
          key={document.resource}
          code={document.yaml}
          label={`RBAC for ${document.resource}`}
          copyLabel={`Copy RBAC YAML for ${document.resource}`}
        />
      ))}
    </div>
  );
}
