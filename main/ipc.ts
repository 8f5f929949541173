// Serves the handler table over IPC to our own window only: a call from any other frame or page
// (there should be none — navigation is blocked) is refused.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ApiEvent } from '../shared/api';
import { dispatch, forRenderers, type HandlerTable } from '../app/api/handlers';
import { IPC_EVENT, IPC_INVOKE } from './ipc-channels';

export function serveIpc(handlers: HandlerTable, isOurWindow: (event: IpcMainInvokeEvent) => boolean): void {
  // The window is a renderer: the person's ID token (gateway.credential) is for the CLI only.
  const table = forRenderers(handlers);
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, request: unknown) => {
    if (!isOurWindow(event))
      return { ok: false, error: { code: 'refused', message: 'calls are only accepted from the Gatehouse window' } };
    return dispatch(table, String(channel), request);
  });
}

export function forwardEvents(
  subscribe: (l: (e: ApiEvent) => void) => () => void,
  window: () => BrowserWindow | null,
): () => void {
  return subscribe((event) => {
    const w = window();
    if (w && !w.isDestroyed()) w.webContents.send(IPC_EVENT, event);
  });
}
