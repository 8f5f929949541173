import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useAppInfo } from '../../stores/app-info-store';
import { useSettings } from '../../stores/settings-store';
import { SettingsForm } from './SettingsForm';

export function SettingsScreen(): React.JSX.Element {
  const settings = useSettings((store) => store.settings);
  const load = useSettings((store) => store.load);
  const mode = useAppInfo((store) => store.info?.mode ?? null);

  useEffect(() => {
    void load();
  }, [load]);

  const note =
    mode === 'browser' ? 'You are using Gatehouse in a browser: these take effect in the desktop app.' : null;
  return (
    <div className="screen screen--narrow">
      <PageHeader title="Settings" summary="Stored on this machine, for you only." />
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
        <SettingsForm key={JSON.stringify(settings.value)} saved={settings.value} desktopOnlyNote={note} />
      )}
      {settings.status === 'loading' && settings.previous !== null && (
        <SettingsForm saved={settings.previous} desktopOnlyNote={note} />
      )}
    </div>
  );
}
