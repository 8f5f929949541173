/**
 * Which screens a person sees. In gateway mode the admin views work against the gateway's admin
 * API, which answers only the gateway's admins (SPEC §10): for everyone else the screen would be
 * a page of refusals, so it is not offered. Local mode keeps today's behaviour (the admin tools
 * work on the org file, whoever signed in).
 */
import type { SessionInfo } from '../../shared/api';
import type { Screen } from '../stores/navigation-store';

export function canSee(screen: Screen, session: SessionInfo | null): boolean {
  if (screen !== 'admin') return true;
  const gateway = session?.gateway ?? null;
  return gateway === null || gateway.admin;
}

/** Gateway mode: signed in at a gateway (the session may have expired meanwhile). */
export function isGatewayMode(session: SessionInfo | null): boolean {
  return (session?.gateway ?? null) !== null;
}
