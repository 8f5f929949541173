import { useEffect } from 'react';
import { Callout } from '../components/Callout';
import { KubeconfigDialog } from '../screens/kubeconfig/KubeconfigDialog';
import { useResources } from '../stores/resources-store';
import { useSession } from '../stores/session-store';
import { ScreenOutlet } from './ScreenOutlet';
import { SideNav } from './SideNav';

/** The signed-in app: navigation on the left, the current screen on the right. */
export function AppShell(): React.JSX.Element {
  const sessionError = useSession((store) => store.session?.error ?? null);
  const loadResources = useResources((store) => store.load);

  useEffect(() => {
    void loadResources();
  }, [loadResources]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <SideNav />
      <div className="shell__content">
        {sessionError !== null && (
          <div className="shell__banner">
            <Callout tone="warning" title="The organisation file has a problem">
              <p className="error-message">{sessionError}</p>
            </Callout>
          </div>
        )}
        <ScreenOutlet />
      </div>
      <KubeconfigDialog />
    </div>
  );
}
