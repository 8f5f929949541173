import { useEffect, useRef } from 'react';
import { ActivityScreen } from '../screens/activity/ActivityScreen';
import { AdminScreen } from '../screens/admin/AdminScreen';
import { IdentityScreen } from '../screens/identity/IdentityScreen';
import { ResourcesScreen } from '../screens/resources/ResourcesScreen';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { SCREEN_TITLES, useNavigation } from '../stores/navigation-store';

/** Shows the current screen; after a navigation, moves focus to its heading so screen readers announce it. */
export function ScreenOutlet(): React.JSX.Element {
  const screen = useNavigation((store) => store.screen);
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
      {screen === 'admin' && <AdminScreen />}
      {screen === 'settings' && <SettingsScreen />}
    </main>
  );
}
