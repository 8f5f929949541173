import { useEffect } from 'react';
import { startEventRouting } from '../api/event-router';
import { Callout } from '../components/Callout';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { NoticeList } from '../components/NoticeList';
import { SignInScreen } from '../screens/sign-in/SignInScreen';
import { useAppInfo } from '../stores/app-info-store';
import { useSession } from '../stores/session-store';
import { AppShell } from './AppShell';
import { StartingScreen } from './StartingScreen';

export function App(): React.JSX.Element {
  const phase = useSession((store) => store.phase);
  const startError = useSession((store) => store.loadError);
  const loadSession = useSession((store) => store.load);
  const versionMismatch = useAppInfo((store) => store.versionMismatch);

  useEffect(() => {
    const stopRouting = startEventRouting();
    void loadSession();
    void useAppInfo.getState().load();
    return stopRouting;
  }, [loadSession]);

  return (
    <>
      <ConnectionBanner />
      {versionMismatch !== null && (
        <div className="app-banner">
          <Callout tone="warning" title="Gatehouse was updated">
            {versionMismatch}
          </Callout>
        </div>
      )}
      {phase === 'starting' && <StartingScreen error={startError} onRetry={() => void loadSession()} />}
      {phase === 'signed-out' && <SignInScreen />}
      {phase === 'signed-in' && <AppShell />}
      <NoticeList />
    </>
  );
}
