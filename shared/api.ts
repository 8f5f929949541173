/**
 * The typed API contract (SPEC §1): one handler table in app/, served over Electron IPC (preload),
 * the CLI control socket and the browser-mode websocket. Every channel is
 * `'<area>.<verb>': ApiMethod<Request, Response>`; every answer travels in a Result envelope
 * (after Boundary Desktop), so an error is data with a code and a message, never a thrown object
 * that loses its meaning across a process boundary.
 */
import type { RequestRecord } from './activity';
import type { DoctorReport, RolesPreviewWithBindings, UsersAccessPreview } from './admin';
import type { ErrorKind } from './errors';
import type { HostIdentity, HostMode } from './host-mode';
import type { GroupWarning, RoleMapping } from './roles';

export interface ApiMethod<Request, Response> {
  readonly request: Request;
  readonly response: Response;
}

/** Bumped on incompatible contract changes, so a renderer can detect a stale preload. */
export const API_VERSION = 2;

// ---------------------------------------------------------------------------------------------
// Domain shapes

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'error';
export type HealthState = 'unknown' | 'healthy' | 'unhealthy';

/** One assigned resource as `status --json` shows it (SPEC §7), plus what the UI needs. */
export interface ResourceStatus {
  name: string;
  type: string;
  port: number | null;
  state: ConnectionState;
  health: HealthState;
  /** Why the state is `error` or the health `unhealthy`. */
  error: string | null;
  tags: Record<string, string>;
  /** The cluster's API server, as the org file says (no credential); null in gateway mode. */
  server: string | null;
  healthcheckNamespace: string;
  /** Gateway mode: the gateway this resource is reached through (`https://…/k8s/<name>`); null in local mode. */
  via: string | null;
}

export interface Identity {
  email: string;
  name: string | null;
  roles: string[];
  /** Sent groups, system:authenticated included. */
  groups: string[];
  warnings: GroupWarning[];
  resources: string[];
  /**
   * Where each role comes from: the org file's user entry, or (gateway mode, `groupsClaim`) an IdP
   * group of the same name. Absent from hosts that do not say.
   */
  roleSources?: RoleSource[];
  /** Where each sent group comes from, in `groups` order. Absent from hosts that do not say. */
  groupSources?: GroupSource[];
  /**
   * Per assigned resource, the username and groups actually sent there (SPEC §11: identity aliases,
   * explicit groups of the rules granting it). Absent from hosts that do not say.
   */
  identities?: ResourceIdentity[];
}

/** `email`, or `alias:<identity set>` (SPEC §11). */
export type UsernameSource = 'email' | `alias:${string}`;

/** Who a person is on one resource (shared/resource-identity.ts). */
export interface ResourceIdentity {
  resource: string;
  /** Sent as Impersonate-User; null when the person has no alias in the resource's identity set. */
  username: string | null;
  usernameFrom: UsernameSource;
  /** Sent as one Impersonate-Group each, in this order, system:authenticated last. */
  groups: GroupSource[];
  /** Why the person cannot use this resource as it is configured (no alias), else null. */
  problem: string | null;
}

export interface RoleSource {
  role: string;
  /** `org`: the org file gives the person this role; `idp`: the IdP's groups claim does. */
  from: 'org' | 'idp';
}

export interface GroupSource {
  name: string;
  /**
   * `role:<name>`: derived from that role (SPEC §3); `rule:<role>#<n>`: an explicit group of the
   * role's n-th rule, counted from 1 (SPEC §11); `always`: system:authenticated. (`idp` is reserved
   * for a group an IdP would pass through; the gateway only maps IdP groups to roles today.)
   */
  from: string;
}

/** Where the refresh token is kept at rest (SPEC §10). */
export type TokenStorage =
  /** Encrypted with the OS keychain (Electron safeStorage). */
  | 'encrypted'
  /** Electron found no keyring (Linux without a secret service): plain text, said in settings. */
  | 'plain-no-keyring'
  /** The CLI and the agent: a file only the owner can read (0600) in app data. */
  | 'owner-only-file';

/** A gateway-mode session (SPEC §10): never a token, only what the person may see about it. */
export interface GatewaySession {
  /** The gateway's base URL, `https://host[:port]`. */
  url: string;
  /** The OpenID issuer the gateway trusts (from its /.well-known/gatehouse). */
  issuer: string;
  /**
   * `signed-in`: tokens are good or can be refreshed; `expired`: the refresh failed (the IdP
   * session ended, the refresh token was revoked): kubectl gets 401 until the person signs in again.
   */
  state: 'signed-in' | 'expired';
  /** When the current ID token expires (ISO 8601); it is refreshed shortly before. */
  tokenExpiresAt: string | null;
  /** The gateway answered the last time it was asked (sign-in, /v1/me refresh, a forwarded request). */
  reachable: boolean | null;
  /** Why it was not, naming the gateway. */
  reachError: string | null;
  /** When /v1/me was last read (ISO 8601). */
  checkedAt: string | null;
  /** The person is one of the gateway's admins: admin screens work against its admin API. */
  admin: boolean;
  tokenStorage: TokenStorage;
}

/**
 * Who is signed in: with an org file (local mode: `orgFile` set, `gateway` null) or at a gateway
 * (gateway mode: `gateway` set, `orgFile` null, identity from the gateway's /v1/me); null fields
 * before sign-in.
 */
export interface SessionInfo {
  orgFile: string | null;
  user: string | null;
  identity: Identity | null;
  /** A problem with the org file or user (e.g. after the file changed on disk), or with the gateway session. */
  error: string | null;
  gateway: GatewaySession | null;
}

/** A gateway sign-in under way (`gateway.signIn`), finished by `gateway.awaitSignIn`. */
export type PendingSignIn =
  | {
      id: string;
      gateway: string;
      kind: 'browser';
      /** The IdP's authorization URL (authorization code + PKCE, loopback redirect). */
      url: string;
      /** The host opened it in the system browser itself (Electron, the CLI); else the client must (browser mode: a new tab). */
      opened: boolean;
    }
  | {
      id: string;
      gateway: string;
      kind: 'device';
      verificationUri: string;
      /** The verification URL with the code filled in, where the IdP gives one. */
      verificationUriComplete: string | null;
      userCode: string;
      /** ISO 8601. */
      expiresAt: string;
    };

export interface GatewaySignInRequest {
  /** `https://host[:port]` of the gateway (a path is refused). */
  gateway: string;
  /** PEM file of the CA(s) to trust for the gateway (pinned: only these) and, besides the system's, for the IdP. */
  caFile?: string;
  /** The device flow (headless): the person approves on another device. */
  device?: boolean;
  environment?: ClientEnvironment;
}

export interface OrgUserSummary {
  email: string;
  name: string | null;
  roles: string[];
}

export interface KubeconfigUpdate {
  /** The file written (or that would be). */
  file: string;
  /** Unified diff of the change; empty when nothing changes. */
  diff: string;
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  /** The path as configured, when `file` is reached through a symlink at it; null when it is no link. */
  link: string | null;
  /** The backup written, null for a dry run or when nothing changed. */
  backup: string | null;
  written: boolean;
  /** The file did not exist before (and was, or would be, created). */
  created: boolean;
  /**
   * The file's permissions were (dry run: would be) narrowed to owner-only because it holds
   * Gatehouse's local tokens, e.g. { from: '0644', to: '0600' }; null when they already were.
   */
  tightened: { from: string; to: string } | null;
}

export interface Settings {
  orgFile: string | null;
  user: string | null;
  /** null = KUBECONFIG's first file or ~/.kube/config. */
  kubeconfigPath: string | null;
  portRange: { first: number; last: number };
  launchAtLogin: boolean;
  keepRunningInTray: boolean;
  /** Exec/attach recordings older than this many days are deleted. */
  recordingsMaxAgeDays: number;
  /** All recordings together are kept under this many bytes; the oldest are deleted first. */
  recordingsMaxTotalBytes: number;
  /**
   * The gateway last signed in to (remembered), else the one an admin preset in the settings file
   * shipped with the app (`gatehouse-defaults.json`); null = none.
   */
  gatewayUrl: string | null;
  /** The CA file for that gateway, when it uses a private CA. */
  gatewayCaFile: string | null;
}

export interface RecordingSummary {
  id: string;
  time: string;
  resource: string;
  user: string;
  namespace: string | null;
  pod: string | null;
  container: string | null;
  command: string[];
  subresource: string;
  bytes: number;
}

export interface RbacYaml {
  resource: string;
  yaml: string;
}

// ---------------------------------------------------------------------------------------------
// Channels

/**
 * Admin tools (SPEC §6) work on an org file, not on a person: `orgFile` names the file to work on
 * (an admin need not be a user in it); without it, the signed-in session's.
 */
export interface OrgFileChoice {
  orgFile?: string;
}

/**
 * Where a client in another process stands (the CLI talking to the agent): its working directory
 * for relative paths, its KUBECONFIG and HOME. Missing fields are the host's own.
 */
export interface ClientEnvironment {
  cwd?: string;
  KUBECONFIG?: string;
  HOME?: string;
}

/**
 * A person in an org file, named in the request by a client that must not switch the host's
 * session to ask (the CLI's `--org`/`--user`); without it, the signed-in person.
 */
export interface PersonChoice {
  orgFile: string;
  user: string;
}

/** `orgFile` and `user` together name the person (PersonChoice); neither = the signed-in one. */
export interface KubeconfigUpdateRequest extends Partial<PersonChoice> {
  dryRun: boolean;
  /** Replace entries with Gatehouse's names that Gatehouse does not own (refused without it). */
  force?: boolean;
  /** The kubeconfig to write; else the settings' path, else KUBECONFIG's first file, else ~/.kube/config. */
  path?: string;
  /** Set `current-context` to this context (SPEC §5: only when asked). */
  useContext?: string;
  /** Replace the local tokens first; old ones stop working at once. Refused with a dry run. */
  rotateTokens?: boolean;
  /**
   * Gateway mode only: contexts whose server is the gateway (`/k8s/<resource>`) and whose user is
   * the `gatehouse credential` exec plugin, instead of the loopback listeners.
   */
  direct?: boolean;
  environment?: ClientEnvironment;
}

/** What `gatehouse credential` prints as an ExecCredential: the ID token is a secret (control socket only). */
export interface GatewayCredential {
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Each channel's request is checked against its schema (api-schemas.ts) before a handler sees it. */
export interface ApiMethods {
  /**
   * `attachedTo`: this process did not hold the connections itself but attached to the host that
   * does (another process, over the control socket); absent when it holds them.
   */
  'app.info': ApiMethod<
    void,
    { apiVersion: number; version: string; mode: HostMode; pid: number; attachedTo?: HostIdentity }
  >;
  'session.get': ApiMethod<void, SessionInfo>;
  'session.signIn': ApiMethod<{ orgFile: string; user: string }, SessionInfo>;
  'session.signOut': ApiMethod<void, SessionInfo>;
  /** The users of an org file, for the sign-in picker (validates the file). */
  'org.users': ApiMethod<{ orgFile: string }, { users: OrgUserSummary[] }>;
  /** The demo org shipped for trying Gatehouse, when one is available. */
  'org.demo': ApiMethod<void, { orgFile: string | null }>;
  'resources.list': ApiMethod<void, { resources: ResourceStatus[] }>;
  'connections.connect': ApiMethod<{ names: string[] } | { all: true }, { resources: ResourceStatus[] }>;
  'connections.disconnect': ApiMethod<{ names: string[] } | { all: true }, { resources: ResourceStatus[] }>;
  'kubeconfig.update': ApiMethod<KubeconfigUpdateRequest, KubeconfigUpdate>;
  /** The signed-in person's identity, or that of the person named (PersonChoice). */
  'identity.whoami': ApiMethod<PersonChoice | void, Identity>;
  'roles.preview': ApiMethod<OrgFileChoice | void, { roles: RoleMapping[] }>;
  'admin.rolesWithBindings': ApiMethod<OrgFileChoice | void, RolesPreviewWithBindings>;
  'admin.usersAccess': ApiMethod<{ users?: string[] }, UsersAccessPreview>;
  'admin.doctor': ApiMethod<{ names?: string[] } & OrgFileChoice, DoctorReport>;
  'admin.rbac': ApiMethod<{ name?: string; broad?: boolean } & OrgFileChoice, { documents: RbacYaml[] }>;
  'activity.requests': ApiMethod<{ limit?: number }, { requests: RequestRecord[] }>;
  'activity.recordings': ApiMethod<void, { recordings: RecordingSummary[] }>;
  /** An asciicast v2 recording, as text. */
  'activity.recording': ApiMethod<{ id: string }, { cast: string }>;
  'settings.get': ApiMethod<void, Settings>;
  'settings.update': ApiMethod<Partial<Settings>, Settings>;
  /** Starts signing in at a gateway (SPEC §10); the host keeps at most one sign-in under way. */
  'gateway.signIn': ApiMethod<GatewaySignInRequest, PendingSignIn>;
  /** Resolves when that sign-in finished (signed in) or failed (the error says why). */
  'gateway.awaitSignIn': ApiMethod<{ id: string }, SessionInfo>;
  'gateway.cancelSignIn': ApiMethod<{ id: string }, void>;
  /** Reads /v1/me again now (also done on sign-in and on a timer). */
  'gateway.refresh': ApiMethod<void, SessionInfo>;
  /** The current ID token, refreshed first when needed. Control socket only (CLI_ONLY_CHANNELS). */
  'gateway.credential': ApiMethod<{ resource: string }, GatewayCredential>;
}

export type ApiChannel = keyof ApiMethods;
export type ApiRequest<C extends ApiChannel> = ApiMethods[C]['request'];
export type ApiResponse<C extends ApiChannel> = ApiMethods[C]['response'];

export const API_CHANNELS = [
  'app.info',
  'session.get',
  'session.signIn',
  'session.signOut',
  'org.users',
  'org.demo',
  'resources.list',
  'connections.connect',
  'connections.disconnect',
  'kubeconfig.update',
  'identity.whoami',
  'roles.preview',
  'admin.rolesWithBindings',
  'admin.usersAccess',
  'admin.doctor',
  'admin.rbac',
  'activity.requests',
  'activity.recordings',
  'activity.recording',
  'settings.get',
  'settings.update',
  'gateway.signIn',
  'gateway.awaitSignIn',
  'gateway.cancelSignIn',
  'gateway.refresh',
  'gateway.credential',
] as const satisfies readonly ApiChannel[];

/**
 * Channels whose answer is a secret of the person's (the ID token): served only to the CLI over
 * the owner-only control socket (and in-process), never to a renderer (IPC, browser websocket).
 */
export const CLI_ONLY_CHANNELS: ReadonlySet<ApiChannel> = new Set<ApiChannel>(['gateway.credential']);

export function isApiChannel(name: string): name is ApiChannel {
  return (API_CHANNELS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------------------------------------
// Envelope and events

/** The kind of the failure (errors.ts), decided where it arose; the CLI's exit code follows from it. */
export type ApiErrorCode = ErrorKind;

export interface ApiError {
  code: ApiErrorCode;
  /** One line saying what and where; never a secret. */
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Pushed to subscribers (UI, CLI) as things change. */
export type ApiEvent =
  | { type: 'resources'; resources: ResourceStatus[] }
  | { type: 'session'; session: SessionInfo }
  | { type: 'settings'; settings: Settings }
  | { type: 'request'; record: RequestRecord }
  /** A connection dropped without being asked to (notifications). */
  | { type: 'connection-lost'; resource: string; reason: string }
  /** The gateway session ended (refresh failed): notify, offer "Sign in again"; ports stay. */
  | { type: 'session-expired'; gateway: string; reason: string };

/** What the preload exposes to the renderer as `window.gatehouse` (and browser mode emulates). */
export interface GatehouseApi {
  readonly apiVersion: number;
  invoke<C extends ApiChannel>(channel: C, request: ApiRequest<C>): Promise<ApiResult<ApiResponse<C>>>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}
