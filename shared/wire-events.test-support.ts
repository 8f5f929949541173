// Test support: one sample and one fast-check arbitrary per ApiEvent type. Both tables are keyed by
// every type, so a new event kind does not compile until it has a sample and an arbitrary.
import fc from 'fast-check';
import type { ApiEvent, ResourceStatus } from './api';

type EventOf<T extends ApiEvent['type']> = Extract<ApiEvent, { type: T }>;

export const SAMPLE_RESOURCE: ResourceStatus = {
  name: 'dev',
  type: 'kubernetes',
  port: 17001,
  state: 'connected',
  health: 'healthy',
  error: null,
  tags: { env: 'dev' },
  server: 'https://127.0.0.1:6443',
  healthcheckNamespace: 'default',
  via: null,
};

const SAMPLES: { readonly [T in ApiEvent['type']]: EventOf<T> } = {
  resources: { type: 'resources', resources: [SAMPLE_RESOURCE] },
  session: {
    type: 'session',
    session: {
      orgFile: '/org.yaml',
      user: 'ada@example.com',
      identity: {
        email: 'ada@example.com',
        name: 'Ada',
        roles: ['dev'],
        groups: ['gatehouse:dev', 'system:authenticated'],
        warnings: [{ role: 'x y', group: null, problem: 'not a valid group' }],
        resources: ['dev'],
      },
      error: null,
      gateway: null,
    },
  },
  settings: {
    type: 'settings',
    settings: {
      orgFile: null,
      user: null,
      kubeconfigPath: null,
      portRange: { first: 17000, last: 17099 },
      launchAtLogin: false,
      keepRunningInTray: true,
      recordingsMaxAgeDays: 30,
      recordingsMaxTotalBytes: 1e9,
      gatewayUrl: null,
      gatewayCaFile: null,
    },
  },
  request: {
    type: 'request',
    record: {
      time: '2025-01-01T00:00:00.000Z',
      resource: 'dev',
      user: 'ada@example.com',
      groups: ['gatehouse:dev'],
      verb: 'list',
      method: 'GET',
      path: '/api/v1/pods',
      namespace: null,
      apiResource: 'pods',
      status: 200,
      bytes: 12,
      durationMs: 3,
    },
  },
  'connection-lost': { type: 'connection-lost', resource: 'dev', reason: 'EOF' },
  'session-expired': {
    type: 'session-expired',
    gateway: 'https://gateway.example.com',
    reason: 'the refresh token was refused',
  },
};

/** One well-formed event of each type. */
export const SAMPLE_EVENTS: readonly ApiEvent[] = Object.values(SAMPLES);

const text = fc.string({ maxLength: 20 });
const nullableText = fc.option(text, { nil: null });
const texts = fc.array(text, { maxLength: 4 });

const resource: fc.Arbitrary<ResourceStatus> = fc.record({
  name: text,
  type: text,
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }),
  state: fc.constantFrom('disconnected', 'connecting', 'connected', 'error'),
  health: fc.constantFrom('unknown', 'healthy', 'unhealthy'),
  error: nullableText,
  tags: fc.dictionary(text, text, { maxKeys: 3 }),
  server: nullableText,
  healthcheckNamespace: text,
  via: nullableText,
});

const gatewaySession = fc.record({
  url: text,
  issuer: text,
  state: fc.constantFrom('signed-in' as const, 'expired' as const),
  tokenExpiresAt: nullableText,
  reachable: fc.option(fc.boolean(), { nil: null }),
  reachError: nullableText,
  checkedAt: nullableText,
  admin: fc.boolean(),
  tokenStorage: fc.constantFrom('encrypted' as const, 'plain-no-keyring' as const, 'owner-only-file' as const),
});

const ARBITRARIES: { readonly [T in ApiEvent['type']]: fc.Arbitrary<EventOf<T>> } = {
  resources: fc.record({ type: fc.constant('resources'), resources: fc.array(resource, { maxLength: 3 }) }),
  session: fc.record({
    type: fc.constant('session'),
    session: fc.record({
      orgFile: nullableText,
      user: nullableText,
      identity: fc.option(
        fc.record({
          email: text,
          name: nullableText,
          roles: texts,
          groups: texts,
          warnings: fc.array(fc.record({ role: text, group: nullableText, problem: text }), { maxLength: 2 }),
          resources: texts,
        }),
        { nil: null },
      ),
      error: nullableText,
      gateway: fc.option(gatewaySession, { nil: null }),
    }),
  }),
  settings: fc.record({
    type: fc.constant('settings'),
    settings: fc.record({
      orgFile: nullableText,
      user: nullableText,
      kubeconfigPath: nullableText,
      portRange: fc.record({ first: fc.integer({ min: 1, max: 65535 }), last: fc.integer({ min: 1, max: 65535 }) }),
      launchAtLogin: fc.boolean(),
      keepRunningInTray: fc.boolean(),
      recordingsMaxAgeDays: fc.nat(),
      recordingsMaxTotalBytes: fc.nat(),
      gatewayUrl: nullableText,
      gatewayCaFile: nullableText,
    }),
  }),
  request: fc.record({
    type: fc.constant('request'),
    record: fc.record(
      {
        time: text,
        resource: text,
        user: text,
        groups: texts,
        verb: text,
        method: text,
        path: text,
        namespace: nullableText,
        apiResource: nullableText,
        status: fc.integer({ min: 100, max: 599 }),
        bytes: fc.nat(),
        durationMs: fc.nat(),
        upgrade: text,
        refused: text,
      },
      {
        requiredKeys: [
          'time',
          'resource',
          'user',
          'groups',
          'verb',
          'method',
          'path',
          'namespace',
          'apiResource',
          'status',
          'bytes',
          'durationMs',
        ],
      },
    ),
  }),
  'connection-lost': fc.record({ type: fc.constant('connection-lost'), resource: text, reason: text }),
  'session-expired': fc.record({ type: fc.constant('session-expired'), gateway: text, reason: text }),
};

/** Any well-formed event, of every type. */
export const apiEventArbitrary: fc.Arbitrary<ApiEvent> = fc.oneof(...Object.values(ARBITRARIES));
