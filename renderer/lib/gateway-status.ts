/**
 * What the screens and the tray say about a gateway session (SPEC §10), decided once here: is the
 * gateway reachable, has the session expired, when does the ID token run out. Never a token: the
 * session carries none, only its expiry time.
 */
import type { GatewaySession } from '../../shared/api';
import { formatTime } from './format';

export type GatewayHealth = 'reachable' | 'unreachable' | 'unknown' | 'expired';

export interface GatewayLook {
  health: GatewayHealth;
  tone: 'success' | 'danger' | 'neutral' | 'warning';
  /** A short word for a pill. */
  label: string;
  /** Why, when there is something to say (the gateway's own error names it). */
  detail: string | null;
}

/** An expired session comes first: nothing goes through until the person signs in again. */
export function gatewayLook(gateway: GatewaySession): GatewayLook {
  if (gateway.state === 'expired')
    return {
      health: 'expired',
      tone: 'warning',
      label: 'Session expired',
      detail: `Signed out of ${gateway.url}: kubectl gets 401 until you sign in again.`,
    };
  if (gateway.reachable === true) return { health: 'reachable', tone: 'success', label: 'Reachable', detail: null };
  if (gateway.reachable === false)
    return {
      health: 'unreachable',
      tone: 'danger',
      label: 'Unreachable',
      detail: gateway.reachError ?? `${gateway.url} did not answer.`,
    };
  return { health: 'unknown', tone: 'neutral', label: 'Not checked yet', detail: null };
}

/** "Token renews before 14:05:09" style line; null when the host did not say. */
export function tokenExpiryText(gateway: GatewaySession): string | null {
  if (gateway.tokenExpiresAt === null) return null;
  if (gateway.state === 'expired') return `Expired at ${formatTime(gateway.tokenExpiresAt)}`;
  return `Valid until ${formatTime(gateway.tokenExpiresAt)} (renewed shortly before)`;
}

/** Two URLs name the same gateway (a trailing slash or letter case in the host does not matter). */
export function sameGateway(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return normalise(a) === normalise(b);
}

function normalise(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  try {
    const parsed = new URL(trimmed);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return trimmed.toLowerCase();
  }
}
