// The tray: everything through the context menu, because Linux AppIndicator ignores clicks. One
// checkbox per assigned resource, connect/disconnect all, update kubectl configuration, open, quit;
// the tooltip says how many resources are connected.
import { Menu, nativeImage, Tray } from 'electron';
import type { ResourceStatus } from '../shared/api';
import { PRODUCT_NAME } from '../shared';

export interface TrayActions {
  toggle(name: string, connect: boolean): void;
  connectAll(): void;
  disconnectAll(): void;
  updateKubeconfig(): void;
  open(): void;
  quit(): void;
}

export function createTray(icon: string, actions: TrayActions): (resources: ResourceStatus[]) => void {
  const tray = new Tray(nativeImage.createFromPath(icon).resize({ width: 22, height: 22 }));
  const render = (resources: ResourceStatus[]): void => {
    const connected = resources.filter((r) => r.state === 'connected').length;
    tray.setToolTip(`${PRODUCT_NAME}: ${connected} of ${resources.length} connected`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `${PRODUCT_NAME} — ${connected}/${resources.length} connected`, enabled: false },
        { type: 'separator' },
        ...resources.map((r) => ({
          label: r.state === 'error' ? `${r.name} (error)` : r.name,
          type: 'checkbox' as const,
          checked: r.state === 'connected' || r.state === 'connecting',
          click: () => actions.toggle(r.name, !(r.state === 'connected' || r.state === 'connecting')),
        })),
        { type: 'separator' },
        { label: 'Connect all', enabled: resources.length > 0, click: actions.connectAll },
        { label: 'Disconnect all', enabled: connected > 0, click: actions.disconnectAll },
        { label: 'Update kubectl configuration', enabled: resources.length > 0, click: actions.updateKubeconfig },
        { type: 'separator' },
        { label: 'Open Gatehouse', click: actions.open },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  render([]);
  return render;
}
