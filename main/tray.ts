// Renders the tray model (app/hosts/desktop/tray-model.ts, built and tested in the core) with Electron.
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem, TrayModel } from '../app/hosts/desktop/tray-model';

function menuItem(item: TrayItem, onAction: (action: TrayAction) => void): MenuItemConstructorOptions {
  if (item.kind === 'separator') return { type: 'separator' };
  const { action } = item;
  return { label: item.label, enabled: item.enabled, type: item.checked === undefined ? 'normal' : 'checkbox', checked: item.checked, click: action ? () => onAction(action) : undefined };
}

export function createTray(icon: string, onAction: (action: TrayAction) => void): (model: TrayModel) => void {
  const tray = new Tray(nativeImage.createFromPath(icon).resize({ width: 22, height: 22 }));
  return (model) => {
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map((item) => menuItem(item, onAction))));
  };
}
