import { useEffect } from 'react';
import { describeHost } from '../../../shared/host-mode';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAppInfo } from '../../stores/app-info-store';
import { useSession } from '../../stores/session-store';
import { useSettings } from '../../stores/settings-store';
import { SettingsForm } from './SettingsForm';

export function SettingsScreen(): React.JSX.Element {
  const settings = useSettings((store) => store.settings);
  const load = useSettings((store) => store.load);
  const mode = useAppInfo((store) => store.info?.mode ?? null);
  const attachedTo = useAppInfo((store) => store.info?.attachedTo ?? null);
  const loadInfo = useAppInfo((store) => store.load);
  const gateway = useSession((store) => store.session?.gateway ?? null);

  useEffect(() => {
    void load();
    // Asked again: the host this window attached to may have stopped and this one taken over.
    void loadInfo();
  }, [load, loadInfo]);

  const note =
    mode === 'browser' ? 'You are using Gatehouse in a browser: these take effect in the desktop app.' : null;
  return (
    <div className="screen screen--narrow">
      <PageHeader title="Settings" summary="Stored on this machine, for you only." />
      {attachedTo && (
        <Callout tone="info" title={`Connections held by ${describeHost(attachedTo)}`}>
          Gatehouse was already running when this window started, so this window uses that process&apos;s connections
          instead of opening its own. They keep running when you close this window.
        </Callout>
      )}
      {settings.status === 'failed' && (
        <ErrorNotice
          title="The settings could not be read"
          error={settings.error}
          actions={<Button onClick={() => void load()}>Try again</Button>}
        />
      )}
      {(settings.status === 'idle' || (settings.status === 'loading' && settings.previous === null)) && (
        <Loading label="Reading settings…" />
      )}
      {settings.status === 'ready' && (
        <SettingsForm
          key={JSON.stringify(settings.value)}
          saved={settings.value}
          desktopOnlyNote={note}
          gateway={gateway}
        />
      )}
      {settings.status === 'loading' && settings.previous !== null && (
        <SettingsForm saved={settings.previous} desktopOnlyNote={note} gateway={gateway} />
      )}
    </div>
  );
}
