/**
 * The typed API contract: one handler table in app/, served over Electron IPC (preload),
 * the CLI control socket and the browser-mode websocket. Features add their channels here as
 * `'<area>.<verb>': ApiMethod<Request, Response>` entries of ApiMethods.
 */
export interface ApiMethod<Request, Response> {
  readonly request: Request;
  readonly response: Response;
}

/** Bumped on incompatible contract changes, so a renderer can detect a stale preload. */
export const API_VERSION = 1;

/** What the preload exposes to the renderer as `window.gatehouse`. */
export interface GatehouseApi {
  readonly apiVersion: number;
}
