import type { ReactNode } from 'react';
import { Button } from '../components/Button';
import {
  ActivityIcon,
  FileIcon,
  GatehouseMark,
  GearIcon,
  PersonIcon,
  ServerIcon,
  ShieldIcon,
  SignOutIcon,
} from '../components/icons';
import { SCREENS, SCREEN_TITLES, type Screen, hrefOf, useNavigation } from '../stores/navigation-store';
import { useKubeconfig } from '../stores/kubeconfig-store';
import { useResources } from '../stores/resources-store';
import { canSee } from '../lib/screen-access';
import { useIdentity, useSession } from '../stores/session-store';

const SCREEN_ICONS: Record<Screen, ReactNode> = {
  resources: <ServerIcon />,
  activity: <ActivityIcon />,
  identity: <PersonIcon />,
  admin: <ShieldIcon />,
  settings: <GearIcon />,
};

function ConnectedCount(): React.JSX.Element | null {
  const connected = useResources(
    (store) => store.resources.filter((resource) => resource.state === 'connected').length,
  );
  if (connected === 0) return null;
  // The number is also in the Resources heading; hidden here so the link's name stays "Resources".
  return (
    <span className="sidenav__badge" aria-hidden="true">
      {connected}
    </span>
  );
}

/** The gateway's host name, for a short line under the person's name. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The left column: product, screens, and the signed-in person. */
export function SideNav(): React.JSX.Element {
  const screen = useNavigation((store) => store.screen);
  const identity = useIdentity();
  const signingOut = useSession((store) => store.signingOut);
  const signOut = useSession((store) => store.signOut);
  const session = useSession((store) => store.session);
  const gatewayUrl = session?.gateway?.url ?? null;
  const openKubeconfig = useKubeconfig((store) => store.open);

  return (
    <div className="sidebar">
      <div className="sidebar__brand">
        <GatehouseMark />
        <span>Gatehouse</span>
      </div>
      <nav aria-label="Main">
        <ul className="sidenav">
          {SCREENS.filter((name) => canSee(name, session)).map((name) => (
            <li key={name}>
              <a className="sidenav__link" href={hrefOf(name)} aria-current={name === screen ? 'page' : undefined}>
                {SCREEN_ICONS[name]}
                <span className="sidenav__text">{SCREEN_TITLES[name]}</span>
                {name === 'resources' && <ConnectedCount />}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        {/* The Resources screen has this button in its header; one per page keeps its name unambiguous. */}
        {screen !== 'resources' && (
          <Button className="sidebar__kubeconfig" size="small" icon={<FileIcon />} onClick={openKubeconfig}>
            Update kubectl configuration
          </Button>
        )}
        {identity !== null && (
          <div className="sidebar__account">
            <span className="avatar" aria-hidden="true">
              {(identity.name ?? identity.email).slice(0, 1).toUpperCase()}
            </span>
            <span className="sidebar__who">
              <span className="sidebar__name">{identity.name ?? identity.email}</span>
              {identity.name !== null && <span className="sidebar__email">{identity.email}</span>}
              {gatewayUrl !== null && <span className="sidebar__email">at {hostOf(gatewayUrl)}</span>}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label="Sign out"
              title={gatewayUrl === null ? 'Sign out' : `Sign out of ${gatewayUrl}`}
              disabled={signingOut}
              onClick={() => void signOut()}
            >
              <SignOutIcon />
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
