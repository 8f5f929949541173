// What the Electron window may use of the web platform's permissions (camera, microphone,
// notifications, geolocation, clipboard read, HID, serial, …): nothing. Gatehouse's page needs
// none (its Copy buttons fall back to a textarea copy when the Clipboard API is refused), and a
// page that is not ours must get none. Both Electron hooks use this: the permission *check*
// (a page asking "may I?", e.g. navigator.permissions.query, done before most requests) and the
// *request* (what would be a prompt). Without a check handler Electron answers checks with "yes".

export interface PermissionQuestion {
  permission: string;
  /** The URL of the frame asking (Electron's details.requestingUrl), when known. */
  requestingUrl: string | null | undefined;
}

/** Permissions the window may have: none. Adding one here is a security decision; say why. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

/** One function, so both handlers give the same answer and the answer is tested. */
export function isPermissionAllowed(question: PermissionQuestion): boolean {
  return ALLOWED_PERMISSIONS.has(question.permission);
}
