/**
 * The schema of every channel's request (and of every event), so a request is checked once, where
 * it enters the core (app/api/handlers.ts `dispatch`), whoever sent it: the Electron renderer, the
 * CLI over the control socket, a browser tab over the websocket, or something pretending to be one
 * (SPEC §9). Handlers receive what the schema parsed, typed; a request that does not fit is a
 * `usage` error naming the field, e.g. `connections.connect: names[1]: expected a string`.
 *
 * `API_REQUEST_SCHEMAS` is keyed by every channel and each schema is checked against the
 * channel's TypeScript request type: a channel without a schema, or a schema that drifted from its
 * type, does not compile. Objects are strict: an unknown key is refused (a typo must not silently
 * do nothing). Event schemas are lenient the other way round: a newer host may add fields.
 */
import { z } from 'zod';
import type { ApiChannel, ApiEvent, ApiRequest } from './api';

// ---------------------------------------------------------------------------------------------
// Requests

const NOUN: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  nonoptional: 'a value',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  undefined: 'no request',
  null: 'null',
};

/** What was sent instead, in a word: never the value itself (it may be long, or a secret). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return NOUN[typeof value] ?? typeof value;
}

/** A channel that takes no request: nothing, or JSON's null (a client that always sends a field). */
const nothing = z
  .custom<undefined>((value) => value === undefined || value === null, {
    error: (issue) => `expected no request, got ${describeValue(issue.input)}`,
  })
  .transform(() => undefined);

const text = z.string().min(1);
const namesOrAll = z.union([z.strictObject({ names: z.array(z.string()) }), z.strictObject({ all: z.literal(true) })]);
const orgFileChoice = z.strictObject({ orgFile: text.optional() });
const clientEnvironment = z.strictObject({
  cwd: text.optional(),
  KUBECONFIG: z.string().optional(),
  HOME: text.optional(),
});

const kubeconfigUpdate = z
  .strictObject({
    orgFile: text.optional(),
    user: text.optional(),
    dryRun: z.boolean(),
    force: z.boolean().optional(),
    path: text.optional(),
    useContext: text.optional(),
    rotateTokens: z.boolean().optional(),
    direct: z.boolean().optional(),
    environment: clientEnvironment.optional(),
  })
  .check((ctx) => {
    if ((ctx.value.orgFile === undefined) !== (ctx.value.user === undefined)) {
      const missing = ctx.value.orgFile === undefined ? 'orgFile' : 'user';
      ctx.issues.push({
        code: 'custom',
        path: [missing],
        message: 'missing: orgFile and user name a person together',
        input: ctx.value,
      });
    }
    if (ctx.value.dryRun && ctx.value.rotateTokens === true) {
      ctx.issues.push({
        code: 'custom',
        path: ['rotateTokens'],
        message: 'cannot be combined with a dry run (rotating writes new tokens)',
        input: ctx.value,
      });
    }
  });

const settingsPatch = z.strictObject({
  orgFile: z.string().nullable().optional(),
  user: z.string().nullable().optional(),
  kubeconfigPath: z.string().nullable().optional(),
  portRange: z.strictObject({ first: z.int(), last: z.int() }).optional(),
  launchAtLogin: z.boolean().optional(),
  keepRunningInTray: z.boolean().optional(),
  recordingsMaxAgeDays: z.number().optional(),
  recordingsMaxTotalBytes: z.number().optional(),
  gatewayUrl: z.string().nullable().optional(),
  gatewayCaFile: z.string().nullable().optional(),
});

const gatewaySignIn = z.strictObject({
  gateway: text,
  caFile: text.optional(),
  device: z.boolean().optional(),
  environment: clientEnvironment.optional(),
});

type RequestSchemas = { readonly [C in ApiChannel]: z.ZodType<ApiRequest<C>> };

export const API_REQUEST_SCHEMAS: RequestSchemas = {
  'app.info': nothing,
  'session.get': nothing,
  'session.signIn': z.strictObject({ orgFile: text, user: text }),
  'session.signOut': nothing,
  'org.users': z.strictObject({ orgFile: text }),
  'org.demo': nothing,
  'resources.list': nothing,
  'connections.connect': namesOrAll,
  'connections.disconnect': namesOrAll,
  'kubeconfig.update': kubeconfigUpdate,
  'identity.whoami': z.union([nothing, z.strictObject({ orgFile: text, user: text })]),
  'roles.preview': z.union([nothing, orgFileChoice]),
  'admin.rolesWithBindings': z.union([nothing, orgFileChoice]),
  'admin.usersAccess': z.strictObject({ users: z.array(text).optional() }),
  'admin.doctor': z.strictObject({ names: z.array(z.string()).optional(), orgFile: text.optional() }),
  'admin.rbac': z.strictObject({
    name: z.string().optional(),
    broad: z.boolean().optional(),
    orgFile: text.optional(),
  }),
  'activity.requests': z.strictObject({ limit: z.int().optional() }),
  'activity.recordings': nothing,
  'activity.recording': z.strictObject({ id: text }),
  'settings.get': nothing,
  'settings.update': settingsPatch,
  'gateway.signIn': gatewaySignIn,
  'gateway.awaitSignIn': z.strictObject({ id: text }),
  'gateway.cancelSignIn': z.strictObject({ id: text }),
  'gateway.refresh': nothing,
  'gateway.credential': z.strictObject({ resource: text }),
};

// ---------------------------------------------------------------------------------------------
// Why a request does not fit, in one line

/** `names[1]`, `portRange.first`; `request` for the request itself. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path)
    out += typeof segment === 'number' ? `[${segment}]` : `${out === '' ? '' : '.'}${String(segment)}`;
  return out === '' ? 'request' : out;
}

type Issue = z.core.$ZodIssue;

/**
 * Of a union's branches, the one the request meant: the one that got furthest (its problem
 * deepest) and did not find the request's own fields unknown — `{"names": [1]}` is a bad names
 * list, not a missing `all`. Null when no branch stands out.
 */
function bestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | null {
  const score = (issues: readonly Issue[]): number => {
    const depth = Math.max(-1, ...issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => i.path.length));
    return depth - (issues.some((i) => i.code === 'unrecognized_keys') ? 0.5 : 0);
  };
  const ranked = [...branches].sort((a, b) => score(b) - score(a));
  const [first, second] = ranked;
  if (first === undefined) return null;
  if (second !== undefined && score(first) === score(second)) return null;
  // Its first problem about the request's content, not about a field it does not know.
  return [...first].sort((a, b) => Number(a.code === 'unrecognized_keys') - Number(b.code === 'unrecognized_keys'));
}

function describeIssue(issue: Issue, base: readonly PropertyKey[] = []): { path: string; message: string } {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'invalid_type': {
      const expected = `expected ${NOUN[issue.expected] ?? issue.expected}`;
      if (issue.input === undefined) return { path: formatPath(path), message: `missing: ${expected}` };
      return { path: formatPath(path), message: `${expected}, got ${describeValue(issue.input)}` };
    }
    case 'unrecognized_keys':
      return {
        path: formatPath([...path, issue.keys[0] ?? '']),
        message: `unknown field${issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : ''}`,
      };
    case 'invalid_union': {
      const branch = bestBranch(issue.errors);
      const inner = branch?.[0];
      if (inner !== undefined) return describeIssue(inner, path);
      // An object got field-by-field answers above; anything else is named.
      const isObject = typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input);
      const got = isObject ? '' : `, got ${describeValue(issue.input)}`;
      return { path: formatPath(path), message: `expected ${unionShape(issue.errors)}${got}` };
    }
    case 'invalid_value':
      return { path: formatPath(path), message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}` };
    case 'too_small':
      return {
        path: formatPath(path),
        message: issue.origin === 'string' ? 'must not be empty' : `must be at least ${String(issue.minimum)}`,
      };
    case 'too_big':
      return { path: formatPath(path), message: `must be at most ${String(issue.maximum)}` };
    default:
      return { path: formatPath(path), message: issue.message };
  }
}

/** What one branch of a union wanted: `no request`, `an object`, or `{"names": …}` when it got an object. */
function branchShape(issues: readonly Issue[]): string {
  const [first] = issues;
  if (first === undefined) return 'something else';
  if (first.path.length === 0)
    return first.code === 'invalid_type' ? (NOUN[first.expected] ?? first.expected) : 'no request';
  const fields = [...new Set(issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => String(i.path[0])))];
  return `{${fields.map((f) => `"${f}": …`).join(', ')}}`;
}

/** `{"names": …} or {"all": …}`, `no request or an object`: what the branches of a union wanted. */
function unionShape(branches: readonly (readonly Issue[])[]): string {
  return [...new Set(branches.map(branchShape))].join(' or ');
}

export type ParsedRequest<C extends ApiChannel> = { ok: true; request: ApiRequest<C> } | { ok: false; problem: string };

/** Checks one channel's request; the problem is one line naming the channel and the field. */
export function parseApiRequest<C extends ApiChannel>(channel: C, request: unknown): ParsedRequest<C> {
  const schema = API_REQUEST_SCHEMAS[channel] as z.ZodType<ApiRequest<C>>;
  // reportInput: the problem says what kind of value came (never the value itself).
  const parsed = schema.safeParse(request, { reportInput: true });
  if (parsed.success) return { ok: true, request: parsed.data };
  const first = parsed.error.issues[0];
  if (first === undefined) return { ok: false, problem: `${channel}: invalid request` };
  const { path, message } = describeIssue(first);
  return { ok: false, problem: `${channel}: ${path}: ${message}` };
}

// ---------------------------------------------------------------------------------------------
// Events (host → clients). Not strict: a newer host may add fields, which are dropped.

const nullableString = z.string().nullable();

export const resourceStatusSchema = z.object({
  name: z.string(),
  type: z.string(),
  port: z.int().nullable(),
  state: z.enum(['disconnected', 'connecting', 'connected', 'error']),
  health: z.enum(['unknown', 'healthy', 'unhealthy']),
  error: nullableString,
  tags: z.record(z.string(), z.string()),
  server: nullableString,
  healthcheckNamespace: z.string(),
  via: nullableString.default(null),
});

/** SPEC §11: one resource's username and groups with their sources. */
export const resourceIdentitySchema = z.object({
  resource: z.string(),
  username: nullableString,
  usernameFrom: z.custom<`alias:${string}` | 'email'>(
    (value) => value === 'email' || (typeof value === 'string' && value.startsWith('alias:')),
  ),
  groups: z.array(z.object({ name: z.string(), from: z.string() })),
  problem: nullableString,
});

export const identitySchema = z.object({
  email: z.string(),
  name: nullableString,
  roles: z.array(z.string()),
  groups: z.array(z.string()),
  warnings: z.array(z.object({ role: z.string(), group: nullableString, problem: z.string() })),
  resources: z.array(z.string()),
  roleSources: z.array(z.object({ role: z.string(), from: z.enum(['org', 'idp']) })).optional(),
  groupSources: z.array(z.object({ name: z.string(), from: z.string() })).optional(),
  identities: z.array(resourceIdentitySchema).optional(),
});

export const gatewaySessionSchema = z.object({
  url: z.string(),
  issuer: z.string(),
  state: z.enum(['signed-in', 'expired']),
  tokenExpiresAt: nullableString,
  reachable: z.boolean().nullable(),
  reachError: nullableString,
  checkedAt: nullableString,
  admin: z.boolean(),
  tokenStorage: z.enum(['encrypted', 'plain-no-keyring', 'owner-only-file']),
});

export const sessionInfoSchema = z.object({
  orgFile: nullableString,
  user: nullableString,
  identity: identitySchema.nullable(),
  error: nullableString,
  gateway: gatewaySessionSchema.nullable().default(null),
});

export const settingsSchema = z.object({
  orgFile: nullableString,
  user: nullableString,
  kubeconfigPath: nullableString,
  portRange: z.object({ first: z.int(), last: z.int() }),
  launchAtLogin: z.boolean(),
  keepRunningInTray: z.boolean(),
  recordingsMaxAgeDays: z.number(),
  recordingsMaxTotalBytes: z.number(),
  gatewayUrl: nullableString.default(null),
  gatewayCaFile: nullableString.default(null),
});

export const requestRecordSchema = z.object({
  time: z.string(),
  resource: z.string(),
  user: z.string(),
  groups: z.array(z.string()),
  verb: z.string(),
  method: z.string(),
  path: z.string(),
  namespace: nullableString,
  apiResource: nullableString,
  status: z.int(),
  bytes: z.number(),
  durationMs: z.number(),
  upgrade: z.string().optional(),
  refused: z.string().optional(),
});

const resourcesEvent = z.object({ type: z.literal('resources'), resources: z.array(resourceStatusSchema) });
const sessionEvent = z.object({ type: z.literal('session'), session: sessionInfoSchema });
const settingsEvent = z.object({ type: z.literal('settings'), settings: settingsSchema });
const requestEvent = z.object({ type: z.literal('request'), record: requestRecordSchema });
const connectionLostEvent = z.object({ type: z.literal('connection-lost'), resource: z.string(), reason: z.string() });
const sessionExpiredEvent = z.object({ type: z.literal('session-expired'), gateway: z.string(), reason: z.string() });

type EventOf<T extends ApiEvent['type']> = Extract<ApiEvent, { type: T }>;

/** One schema per event type, keyed by every type (a new kind without a schema does not compile). */
export const API_EVENT_SCHEMAS: { readonly [T in ApiEvent['type']]: z.ZodType<EventOf<T>> } = {
  resources: resourcesEvent,
  session: sessionEvent,
  settings: settingsEvent,
  request: requestEvent,
  'connection-lost': connectionLostEvent,
  'session-expired': sessionExpiredEvent,
};

/** The ApiEvent union as one schema. */
export const apiEventSchema: z.ZodType<ApiEvent> = z.discriminatedUnion('type', [
  resourcesEvent,
  sessionEvent,
  settingsEvent,
  requestEvent,
  connectionLostEvent,
  sessionExpiredEvent,
]);
