// What the desktop's tray shows, kept current from the host's events: the resources, and the
// gateway line from the session and the settings (tray-model.ts's trayGateway). main/index.ts
// feeds it every event and re-renders when it says something the tray shows changed.
import type { ApiEvent, ResourceStatus, SessionInfo, Settings } from '../../../shared/api';
import type { HostIdentity } from '../../../shared/host-mode';
import { trayGateway, trayModel, type TrayModel } from './tray-model';

export interface TrayView {
  resources: ResourceStatus[];
  session: SessionInfo | null;
  settings: Settings | null;
}

export const EMPTY_TRAY_VIEW: TrayView = { resources: [], session: null, settings: null };

/** The view after `event`; the same object when the tray shows nothing of it. */
export function foldTrayEvent(view: TrayView, event: ApiEvent): TrayView {
  switch (event.type) {
    case 'resources':
      return { ...view, resources: event.resources };
    case 'session':
      return { ...view, session: event.session };
    case 'settings':
      return { ...view, settings: event.settings };
    default:
      return view;
  }
}

export function trayFor(view: TrayView, attachedTo: HostIdentity | null): TrayModel {
  return trayModel({ resources: view.resources, attachedTo, gateway: trayGateway(view.session, view.settings) });
}
