import { useEffect } from 'react';
import { Callout } from '../components/Callout';
import { KubeconfigDialog } from '../screens/kubeconfig/KubeconfigDialog';
import { useResources } from '../stores/resources-store';
import { currentExpiry, useSession } from '../stores/session-store';
import { ScreenOutlet } from './ScreenOutlet';
import { SessionExpiredBanner } from './SessionExpiredBanner';
import { SideNav } from './SideNav';

/** The signed-in app: navigation on the left, the current screen on the right. */
export function AppShell(): React.JSX.Element {
  const session = useSession((store) => store.session);
  const expiry = useSession((store) => store.expiry);
  const loadResources = useResources((store) => store.load);
  const sessionError = session?.error ?? null;
  const gatewayMode = (session?.gateway ?? null) !== null;
  // An expired gateway session says its reason in its own banner.
  const expired = currentExpiry(session, expiry) !== null;

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
        <SessionExpiredBanner />
        {sessionError !== null && !expired && (
          <div className="shell__banner">
            <Callout
              tone="warning"
              title={gatewayMode ? 'The gateway session has a problem' : 'The organisation file has a problem'}
            >
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
