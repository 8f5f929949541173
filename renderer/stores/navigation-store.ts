/**
 * Which screen is shown, kept in the URL hash (`#/activity`) so Back/Forward and a reload keep the
 * place, in Electron and in browser mode alike, without a router dependency.
 */
import { create } from 'zustand';

export const SCREENS = ['resources', 'activity', 'identity', 'admin', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_TITLES: Record<Screen, string> = {
  resources: 'Resources',
  activity: 'Activity',
  identity: 'Identity',
  admin: 'Admin',
  settings: 'Settings',
};

function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'resources';
}

export function hrefOf(screen: Screen): string {
  return `#/${screen}`;
}

interface NavigationStore {
  screen: Screen;
  go: (screen: Screen) => void;
}

export const useNavigation = create<NavigationStore>(() => ({
  screen: screenFromHash(window.location.hash),
  go: (screen) => {
    window.location.hash = hrefOf(screen);
  },
}));

window.addEventListener('hashchange', () => {
  useNavigation.setState({ screen: screenFromHash(window.location.hash) });
});
