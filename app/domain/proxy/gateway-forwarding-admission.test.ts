// The forwarding admission's decisions as a table: request (method, Host, credential) and session
// state (the ID token, or why there is none) → refused with a code and a message, or admitted with
// the gateway upstream for this request. No network: admission decides before anything goes out.
import http from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import type { Admitted, Refused } from './admission';
import { GatewayForwardingAdmission, type GatewayForwardingOptions } from './gateway-forwarding-admission';
import { BEARER_SUBPROTOCOL_PREFIX } from './local-auth';
import { parseRequestTarget, type RequestTarget } from './request-target';

const LOCAL = 'local-token-0123456789abcdefghijklmnopqrstuvwxyz';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const GATEWAY = 'https://gatehouse.example.com:8443';
const SIGNED_OUT = `signed out of ${GATEWAY}: run "gatehouse login"`;

const made: GatewayForwardingAdmission[] = [];
afterEach(() => {
  for (const admission of made.splice(0)) admission.close();
});

interface Session {
  bearer: () => Promise<string>;
  person: () => string | null;
}

const signedIn: Session = { bearer: async () => ID_TOKEN, person: () => 'alice@example.com' };

function admission(
  session: Session = signedIn,
  resource = 'staging',
): { admission: GatewayForwardingAdmission; bearerCalls: () => number } {
  let calls = 0;
  const options: GatewayForwardingOptions = {
    resource,
    localToken: () => LOCAL,
    gateway: { url: new URL(GATEWAY), caPem: null },
    bearer: () => {
      calls++;
      return session.bearer();
    },
    person: session.person,
  };
  const a = new GatewayForwardingAdmission(options);
  made.push(a);
  return { admission: a, bearerCalls: () => calls };
}

function request(method: string, headers: Record<string, string>): http.IncomingMessage {
  const req = new http.IncomingMessage(new Socket());
  req.method = method;
  req.headers = headers;
  return req;
}

function target(raw: string): RequestTarget {
  const parsed = parseRequestTarget(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.target;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const HOST = { host: '127.0.0.1:16443' };

interface Case {
  name: string;
  method?: string;
  headers: (healthCheckToken: string) => Record<string, string>;
  session?: Session;
  /** Refused: the code, what the message says, and whether the session was asked for a token. */
  refused?: { code: number; mentions: string[]; askedForToken: boolean };
  /** Admitted: the subprotocols that go on, and whether it is a health check. */
  admitted?: { subprotocols: string | null; healthCheck: boolean; user: string };
}

const cases: Case[] = [
  {
    name: 'no local token → 401, the session is not asked for the ID token',
    headers: () => HOST,
    refused: {
      code: 401,
      mentions: ['resource "staging" has no local token', 'gatehouse k8s update-config'],
      askedForToken: false,
    },
  },
  {
    name: 'a wrong local token → 401',
    headers: () => ({ ...HOST, ...bearer('not-the-local-token') }),
    refused: { code: 401, mentions: ['a wrong local token'], askedForToken: false },
  },
  {
    name: 'the ID token itself is not a local token → 401',
    headers: () => ({ ...HOST, ...bearer(ID_TOKEN) }),
    refused: { code: 401, mentions: ['a wrong local token'], askedForToken: false },
  },
  {
    name: 'a non-loopback Host (DNS rebinding) → 403, even with the local token',
    headers: () => ({ host: 'evil.example:16443', ...bearer(LOCAL) }),
    refused: {
      code: 403,
      mentions: ['Host "evil.example:16443" is not a loopback name', 'resource "staging"'],
      askedForToken: false,
    },
  },
  {
    name: 'no Host at all → 403',
    headers: () => bearer(LOCAL),
    refused: { code: 403, mentions: ['is not a loopback name'], askedForToken: false },
  },
  {
    name: 'signed out / session expired → 401 with the session’s own message',
    headers: () => ({ ...HOST, ...bearer(LOCAL) }),
    session: {
      bearer: () => Promise.reject(new GatehouseError('not-signed-in', SIGNED_OUT)),
      person: () => 'alice@example.com',
    },
    refused: { code: 401, mentions: [`gatehouse: resource "staging": ${SIGNED_OUT}`], askedForToken: true },
  },
  {
    name: 'the ID token cannot be had right now (another kind) → 503 naming the gateway',
    headers: () => ({ ...HOST, ...bearer(LOCAL) }),
    session: {
      bearer: () =>
        Promise.reject(new GatehouseError('unavailable', 'the identity provider https://idp.example did not answer')),
      person: () => 'alice@example.com',
    },
    refused: { code: 503, mentions: [`cannot get the ID token for ${GATEWAY}`, 'did not answer'], askedForToken: true },
  },
  {
    name: 'an ID token that is no bearer token (a line break) is never sent → 502',
    headers: () => ({ ...HOST, ...bearer(LOCAL) }),
    session: { bearer: async () => 'abc\r\nImpersonate-User: root', person: () => 'alice@example.com' },
    refused: { code: 502, mentions: ['is not a bearer token'], askedForToken: true },
  },
  {
    name: 'the local token → admitted as the person',
    headers: () => ({ host: 'localhost:16443', ...bearer(LOCAL) }),
    admitted: { subprotocols: null, healthCheck: false, user: 'alice@example.com' },
  },
  {
    name: 'the local token as a websocket subprotocol → admitted, that entry removed',
    headers: () => ({
      host: '[::1]:16443',
      'sec-websocket-protocol': `${BEARER_SUBPROTOCOL_PREFIX}${Buffer.from(LOCAL).toString('base64url')}, v5.channel.k8s.io`,
    }),
    admitted: { subprotocols: 'v5.channel.k8s.io', healthCheck: false, user: 'alice@example.com' },
  },
  {
    name: 'the person not known yet → admitted, logged with no user (the gateway knows who it is)',
    headers: () => ({ ...HOST, ...bearer(LOCAL) }),
    session: { bearer: async () => ID_TOKEN, person: () => null },
    admitted: { subprotocols: null, healthCheck: false, user: '' },
  },
  {
    name: 'the health-check token on a GET → admitted as a health check',
    headers: (health) => ({ ...HOST, ...bearer(health) }),
    admitted: { subprotocols: null, healthCheck: true, user: 'alice@example.com' },
  },
  {
    name: 'the health-check token on anything but GET → 401',
    method: 'POST',
    headers: (health) => ({ ...HOST, ...bearer(health) }),
    refused: { code: 401, mentions: ['a wrong local token'], askedForToken: false },
  },
];

describe('GatewayForwardingAdmission', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { admission: a, bearerCalls } = admission(c.session);
      const decision = await a.admit(
        request(c.method ?? 'GET', c.headers(a.healthCheckToken)),
        target('/api/v1/namespaces/team-a/pods?watch=1'),
      );
      if (c.refused) {
        expect(decision.ok).toBe(false);
        const refused = decision as Refused;
        expect(refused.code).toBe(c.refused.code);
        expect(refused.resource).toBe('staging');
        for (const m of c.refused.mentions) expect(refused.message).toContain(m);
        // No secret in any refusal: neither token, nor the session's token.
        for (const secret of [LOCAL, ID_TOKEN, a.healthCheckToken]) expect(refused.message).not.toContain(secret);
        expect(bearerCalls()).toBe(c.refused.askedForToken ? 1 : 0);
        return;
      }
      expect(decision.ok, (decision as Refused).message).toBe(true);
      const admitted = decision as Admitted;
      expect(admitted).toMatchObject({
        resource: 'staging',
        subprotocols: c.admitted?.subprotocols,
        healthCheck: c.admitted?.healthCheck,
      });
      expect(admitted.identity).toEqual({ user: c.admitted?.user, groups: [] });
      // The target is the client's, unchanged: the gateway prefix is the upstream's.
      expect(admitted.target.raw).toBe('/api/v1/namespaces/team-a/pods?watch=1');
      expect(admitted.upstream).toMatchObject({ nextHop: 'gateway', pathPrefix: '/k8s/staging' });
      expect(admitted.upstream.server.origin).toBe(GATEWAY);
      expect((await admitted.upstream.target()).headers).toEqual({ Authorization: `Bearer ${ID_TOKEN}` });
      expect(bearerCalls()).toBe(1);
    });
  }

  it('asks for the ID token on every request, so a refresh or a sign-out applies to the next one', async () => {
    let token = ID_TOKEN;
    const { admission: a, bearerCalls } = admission({ bearer: async () => token, person: () => 'alice@example.com' });
    const admit = async (): Promise<Admitted> =>
      (await a.admit(request('GET', { ...HOST, ...bearer(LOCAL) }), target('/api'))) as Admitted;
    expect((await (await admit()).upstream.target()).headers.Authorization).toBe(`Bearer ${ID_TOKEN}`);
    token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJuZXcifQ.bmV3';
    expect((await (await admit()).upstream.target()).headers.Authorization).toBe(`Bearer ${token}`);
    expect(bearerCalls()).toBe(2);
  });

  it('names the listener by its resource and the gateway by its origin', () => {
    const { admission: a } = admission(signedIn, 'prod');
    expect(a.name).toBe('prod');
    expect(a.gateway.href).toBe(`${GATEWAY}/`);
  });

  it('refuses a gateway that is not https:// (the ID token would travel in clear text)', () => {
    expect(
      () =>
        new GatewayForwardingAdmission({
          resource: 'staging',
          localToken: () => LOCAL,
          gateway: { url: new URL('http://gatehouse.example.com'), caPem: null },
          ...signedIn,
        }),
    ).toThrow(/must be https:\/\//);
  });
});
