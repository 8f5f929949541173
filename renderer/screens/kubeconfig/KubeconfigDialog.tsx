import type { KubeconfigUpdate } from '../../../shared/api';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { Dialog } from '../../components/Dialog';
import { DiffView } from '../../components/DiffView';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { type KubeconfigStep, useKubeconfig } from '../../stores/kubeconfig-store';
import { ContextChanges } from './ContextChanges';
import { DirectSwitch } from './DirectSwitch';
import { PermissionsNote } from './PermissionsNote';
import { UseContextPicker } from './UseContextPicker';

function TargetFile({ update }: { update: KubeconfigUpdate }): React.JSX.Element {
  return (
    <p className="target-file">
      <span className="muted">File</span> <code className="mono break">{update.file}</code>
    </p>
  );
}

function Preview({ update, force }: { update: KubeconfigUpdate; force: boolean }): React.JSX.Element {
  const nothingToDo = update.diff === '';
  return (
    <div className="stack">
      <TargetFile update={update} />
      {force && (
        <Callout tone="warning" title="Overwriting entries Gatehouse did not write">
          Clusters, users or contexts with Gatehouse&apos;s names that another tool wrote will be replaced.
        </Callout>
      )}
      <ContextChanges update={update} past={false} />
      <PermissionsNote update={update} past={false} />
      {nothingToDo ? (
        <Callout tone="success" title="Already up to date">
          Your kubectl configuration already has every context; nothing would be written.
        </Callout>
      ) : (
        <section className="stack stack--tight" aria-label="Changes">
          <h3 className="section-title">Changes to the file</h3>
          <DiffView diff={update.diff} label={`Changes to ${update.file}`} />
        </section>
      )}
    </div>
  );
}

function Written({ update }: { update: KubeconfigUpdate }): React.JSX.Element {
  return (
    <div className="stack">
      <Callout
        tone="success"
        title={update.written ? 'kubectl configuration updated' : 'Nothing to change'}
        role="status"
      >
        {update.written ? (
          <p>
            Wrote <code className="mono break">{update.file}</code>.
          </p>
        ) : (
          <p>
            <code className="mono break">{update.file}</code> already had every context.
          </p>
        )}
      </Callout>
      <ContextChanges update={update} past />
      <PermissionsNote update={update} past />
      {update.backup !== null && (
        <p className="target-file">
          <span className="muted">Backup of the previous file</span> <code className="mono break">{update.backup}</code>
        </p>
      )}
    </div>
  );
}

function RefusedHelp(): React.JSX.Element {
  return (
    <p>
      Gatehouse never replaces kubeconfig entries it did not write unless you say so. Check the entries named in the
      message; if they are leftovers, overwrite them.
    </p>
  );
}

function Body({ state, force }: { state: KubeconfigStep; force: boolean }): React.JSX.Element | null {
  const overwrite = useKubeconfig((store) => store.previewWithForce);
  switch (state.step) {
    case 'closed':
      return null;
    case 'previewing':
      return <Loading label="Working out what would change…" />;
    case 'preview':
    case 'writing':
      return <Preview update={state.update} force={force} />;
    case 'written':
      return <Written update={state.update} />;
    case 'failed':
      return (
        <div className="stack">
          <ErrorNotice
            title={state.during === 'preview' ? 'The change cannot be prepared' : 'The file was not written'}
            error={state.error}
            actions={
              state.error.code === 'refused' && !force ? (
                <Button variant="danger" onClick={() => void overwrite()}>
                  Overwrite (force)
                </Button>
              ) : undefined
            }
          />
          {state.error.code === 'refused' && <RefusedHelp />}
        </div>
      );
  }
}

function Footer({ state }: { state: KubeconfigStep }): React.JSX.Element {
  const close = useKubeconfig((store) => store.close);
  const write = useKubeconfig((store) => store.write);
  const preview = useKubeconfig((store) => store.preview);
  if (state.step === 'written') {
    return (
      <Button variant="primary" onClick={close}>
        Done
      </Button>
    );
  }
  // An up-to-date file that is still readable by others is worth a write: it becomes private.
  const canWrite = state.step === 'preview' && (state.update.diff !== '' || state.update.tightened !== null);
  return (
    <>
      <UseContextPicker disabled={state.step === 'previewing' || state.step === 'writing'} />
      <span className="spacer" />
      {state.step === 'failed' && <Button onClick={() => void preview()}>Try again</Button>}
      <Button onClick={close} disabled={state.step === 'writing'}>
        Cancel
      </Button>
      <Button
        variant="primary"
        busy={state.step === 'writing'}
        disabled={!canWrite && state.step !== 'writing'}
        onClick={() => void write()}
      >
        Write
      </Button>
    </>
  );
}

/** "Update kubectl configuration": dry run → diff → Write → report. */
export function KubeconfigDialog(): React.JSX.Element {
  const state = useKubeconfig((store) => store.state);
  const force = useKubeconfig((store) => store.force);
  const close = useKubeconfig((store) => store.close);
  return (
    <Dialog
      open={state.step !== 'closed'}
      title="Update kubectl configuration"
      description="Adds a context per resource assigned to you; everything else in the file stays exactly as it is."
      onClose={close}
      closable={state.step !== 'writing'}
      footer={<Footer state={state} />}
    >
      <div className="stack">
        {state.step !== 'written' && (
          <DirectSwitch disabled={state.step === 'previewing' || state.step === 'writing'} />
        )}
        <Body state={state} force={force} />
      </div>
    </Dialog>
  );
}
