// Failures to talk to the next hop, as a table: error code → the Status code and message the
// client gets, for a cluster (local mode, the gateway itself) and for a gateway (the desktop's
// forwarder in gateway mode), which is named as such.
import { describe, expect, it } from 'vitest';
import { describeUpstreamError } from './upstream-errors';
import type { Upstream } from './upstream';

const cluster: Pick<Upstream, 'server' | 'nextHop'> = { server: new URL('https://10.0.0.1:6443') };
const gateway: Pick<Upstream, 'server' | 'nextHop'> = {
  server: new URL('https://gatehouse.example.com'),
  nextHop: 'gateway',
};

function failure(code: string | undefined, message: string): Error & { code?: string } {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

const cases: Array<{
  upstream: typeof cluster;
  code: string | undefined;
  message: string;
  status: 502 | 503;
  says: string;
}> = [
  {
    upstream: cluster,
    code: 'ECONNREFUSED',
    message: 'connect ECONNREFUSED 10.0.0.1:6443',
    status: 503,
    says: 'gatehouse: cannot reach the cluster for resource "staging" (https://10.0.0.1:6443): ECONNREFUSED connect ECONNREFUSED 10.0.0.1:6443',
  },
  {
    upstream: cluster,
    code: 'CERT_HAS_EXPIRED',
    message: 'certificate has expired',
    status: 502,
    says: 'gatehouse: TLS with the cluster for resource "staging" (https://10.0.0.1:6443) failed: certificate has expired',
  },
  {
    upstream: cluster,
    code: 'HPE_INVALID_CONSTANT',
    message: 'Parse Error',
    status: 502,
    says: 'gatehouse: the cluster for resource "staging" (https://10.0.0.1:6443) failed: Parse Error',
  },
  {
    upstream: gateway,
    code: 'ECONNREFUSED',
    message: 'connect ECONNREFUSED 192.0.2.7:443',
    status: 503,
    says: 'gatehouse: cannot reach the gateway https://gatehouse.example.com for resource "staging": ECONNREFUSED connect ECONNREFUSED 192.0.2.7:443',
  },
  {
    upstream: gateway,
    code: 'ENOTFOUND',
    message: 'getaddrinfo ENOTFOUND gatehouse.example.com',
    status: 503,
    says: 'gatehouse: cannot reach the gateway https://gatehouse.example.com for resource "staging": ENOTFOUND getaddrinfo ENOTFOUND gatehouse.example.com',
  },
  {
    upstream: gateway,
    code: 'ECONNRESET',
    message: 'socket hang up',
    status: 503,
    says: 'gatehouse: cannot reach the gateway https://gatehouse.example.com for resource "staging": ECONNRESET socket hang up',
  },
  {
    upstream: gateway,
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    message: 'unable to verify the first certificate',
    status: 502,
    says: 'gatehouse: TLS with the gateway https://gatehouse.example.com for resource "staging" failed: unable to verify the first certificate',
  },
  {
    upstream: gateway,
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    message: "Hostname/IP does not match certificate's altnames",
    status: 502,
    says: 'gatehouse: TLS with the gateway https://gatehouse.example.com for resource "staging" failed: ',
  },
  {
    upstream: gateway,
    code: undefined,
    message: 'something odd',
    status: 502,
    says: 'gatehouse: the gateway https://gatehouse.example.com for resource "staging" failed: something odd',
  },
];

describe('describeUpstreamError', () => {
  for (const c of cases) {
    it(`${c.upstream.nextHop ?? 'cluster'} ${c.code ?? '(no code)'} → ${c.status}`, () => {
      const described = describeUpstreamError(failure(c.code, c.message), 'staging', c.upstream);
      expect(described.code).toBe(c.status);
      expect(described.message.startsWith(c.says)).toBe(true);
    });
  }
});
