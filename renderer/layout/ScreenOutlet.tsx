import { useEffect, useRef } from 'react';
import { ActivityScreen } from '../screens/activity/ActivityScreen';
import { AdminScreen } from '../screens/admin/AdminScreen';
import { IdentityScreen } from '../screens/identity/IdentityScreen';
import { ResourcesScreen } from '../screens/resources/ResourcesScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { canSee } from '../lib/screen-access';
import { SCREEN_TITLES, useNavigation } from '../stores/navigation-store';
import { useSession } from '../stores/session-store';

/** A link to #/admin kept from before (or typed) while the person is no admin of the gateway. */
function AdminNotOffered(): React.JSX.Element {
  return (
    <div className="screen">
      <PageHeader title="Admin" />
      <EmptyState title="The admin views are for the gateway's admins">
        Your organisation&apos;s gateway does not list you as one of its admins.
      </EmptyState>
    </div>
  );
}

/** Shows the current screen; after a navigation, moves focus to its heading so screen readers announce it. */
export function ScreenOutlet(): React.JSX.Element {
  const screen = useNavigation((store) => store.screen);
  const allowed = useSession((store) => canSee(screen, store.session));
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${SCREEN_TITLES[screen]} · Gatehouse`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen]);

  return (
    <main ref={mainRef} id="main" className="shell__main">
      {screen === 'resources' && <ResourcesScreen />}
      {screen === 'activity' && <ActivityScreen />}
      {screen === 'identity' && <IdentityScreen />}
      {screen === 'admin' && (allowed ? <AdminScreen /> : <AdminNotOffered />)}
      {screen === 'settings' && <SettingsScreen />}
    </main>
  );
}
