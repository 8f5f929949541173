/** The only two IPC channels: calls into the handler table, and the event stream back. */
export const IPC_INVOKE = 'gatehouse:invoke';
export const IPC_EVENT = 'gatehouse:event';
