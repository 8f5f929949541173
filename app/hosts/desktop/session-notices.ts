// What the desktop says in a system notification when the gateway session ends (SPEC §10): the
// window may be hidden in the tray, and kubectl meanwhile gets a 401, so the person is told here.
// Clicking it opens the window, where the "Sign in again" banner waits (main/index.ts).
import type { ApiEvent } from '../../../shared/api';
import type { Notice } from './tray-actions';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function sessionExpiredNotice(event: Extract<ApiEvent, { type: 'session-expired' }>): Notice {
  const reason = event.reason.trim().replace(/\.$/, '');
  return {
    title: `Signed out of ${hostOf(event.gateway)}`,
    body: `${reason === '' ? 'The session ended' : reason}. Click to open Gatehouse and sign in again.`,
  };
}
