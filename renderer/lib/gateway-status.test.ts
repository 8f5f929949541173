// What is said about a gateway session: expired first, then whether the gateway answers; the
// token's expiry as a time; which URLs name the same gateway.
import { describe, expect, it } from 'vitest';
import type { GatewaySession } from '../../shared/api';
import { gatewaySession } from '../stores/gateway-fixtures.test-support';
import { formatTime } from './format';
import { gatewayLook, sameGateway, tokenExpiryText } from './gateway-status';

describe('gatewayLook', () => {
  it.each<[string, Partial<GatewaySession>, { health: string; tone: string; label: string; detail: string | null }]>([
    ['reachable', { reachable: true }, { health: 'reachable', tone: 'success', label: 'Reachable', detail: null }],
    [
      'unreachable, with the gateway’s own error',
      { reachable: false, reachError: 'https://gatehouse.example.com: connect ECONNREFUSED' },
      {
        health: 'unreachable',
        tone: 'danger',
        label: 'Unreachable',
        detail: 'https://gatehouse.example.com: connect ECONNREFUSED',
      },
    ],
    [
      'unreachable without a reason names the gateway',
      { reachable: false },
      {
        health: 'unreachable',
        tone: 'danger',
        label: 'Unreachable',
        detail: 'https://gatehouse.example.com did not answer.',
      },
    ],
    [
      'not asked yet',
      { reachable: null },
      { health: 'unknown', tone: 'neutral', label: 'Not checked yet', detail: null },
    ],
    [
      'expired wins over reachable',
      { state: 'expired', reachable: true },
      {
        health: 'expired',
        tone: 'warning',
        label: 'Session expired',
        detail: 'Signed out of https://gatehouse.example.com: kubectl gets 401 until you sign in again.',
      },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(gatewayLook(gatewaySession(overrides))).toEqual(expected);
  });
});

describe('tokenExpiryText', () => {
  it('the time only, never more; nothing when the host did not say', () => {
    const at = '2025-03-04T10:20:30Z';
    expect(tokenExpiryText(gatewaySession({ tokenExpiresAt: at }))).toBe(
      `Valid until ${formatTime(at)} (renewed shortly before)`,
    );
    expect(tokenExpiryText(gatewaySession({ tokenExpiresAt: at, state: 'expired' }))).toBe(
      `Expired at ${formatTime(at)}`,
    );
    expect(tokenExpiryText(gatewaySession({ tokenExpiresAt: null }))).toBeNull();
  });
});

describe('sameGateway', () => {
  it.each<[string | null, string | null, boolean]>([
    ['https://gatehouse.example.com', 'https://gatehouse.example.com', true],
    ['https://gatehouse.example.com/', 'https://gatehouse.example.com', true],
    ['https://GateHouse.example.com', 'https://gatehouse.example.com', true],
    ['https://gatehouse.example.com:443', 'https://gatehouse.example.com', true],
    ['https://gatehouse.example.com:8443', 'https://gatehouse.example.com', false],
    ['https://other.example.com', 'https://gatehouse.example.com', false],
    [null, 'https://gatehouse.example.com', false],
    ['not a url', 'NOT A URL', true],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(sameGateway(a, b)).toBe(expected);
  });
});
