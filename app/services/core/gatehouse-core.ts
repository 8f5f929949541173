// The headless core behind every front end (Electron main, the agent, browser mode): the session,
// the connection manager, settings and the event stream. The API handlers are a thin table over it.
import type { ApiEvent, Identity, SessionInfo, Settings } from '../../../shared/api';
import type { RequestRecord } from '../../../shared/activity';
import { GatehouseError } from '../../../shared/errors';
import type { HostMode } from '../../../shared/host-mode';
import { identityFor, type Org } from '../../../shared/org';
import { JsonlLog } from '../../domain/audit/jsonl-log';
import { ConnectionManager, type ManagerDeps } from '../connections/manager';
import { OrgAssignments } from '../connections/org-assignments';
import type { AppPaths } from '../../platform/paths';
import { ensureLocalTls, type LocalTls } from '../../domain/proxy/local-tls';
import { PortStore } from '../state/port-store';
import { recordingRetention, SettingsStore } from '../state/settings-store';
import { applyRetention } from '../../domain/audit/recording-retention';
import { TokenStore } from '../state/token-store';
import { watchFile } from './org-watch';
import { loadOrg } from '../../domain/org/load';
import { openSession } from './session';
import { apiIdentity } from '../../../shared/identity-sources';
import { GatewayModeSession, type GatewayModeStart } from '../gateway-mode/gateway-mode-session';
import { loadSavedGateway, type SecretBox } from '../gateway-mode/saved-gateway';
import { GatewaySignIns } from '../gateway-mode/sign-ins';

/** Which kind of host runs this core (shared/host-mode.ts); `app.info` reports it. */
export type CoreMode = HostMode;

export interface CoreOptions {
  mode: CoreMode;
  healthIntervalMs?: number;
  /** An org file offered as "the demo" on the sign-in screen. */
  demoOrg?: string | null;
  /** Seals the refresh token at rest (Electron: safeStorage); default: an owner-only file. */
  secretBox?: SecretBox;
  /** Opens a URL in the system browser (Electron); absent: the client opens it (a browser tab, the CLI). */
  openExternal?: (url: string) => Promise<boolean>;
  /** How often /v1/me is read again in gateway mode; default a minute, 0 = never by timer. */
  personRefreshMs?: number;
}

/** Local mode: an org file and a person in it (SPEC §2). */
interface LocalSession {
  kind: 'local';
  orgFile: string;
  user: string;
  org: Org;
  error: string | null;
  manager: ConnectionManager;
  unwatch: () => void;
}

/** Gateway mode: signed in at a gateway with SSO (SPEC §10). */
interface GatewaySessionState {
  kind: 'gateway';
  session: GatewayModeSession;
}

type ActiveSession = LocalSession | GatewaySessionState;

/** How often a host reads the gateway's /v1/me again (role and resource changes reach it). */
const PERSON_REFRESH_MS = 60_000;

export class GatehouseCore {
  readonly settings: SettingsStore;
  readonly tokens: TokenStore;
  readonly requestLog: JsonlLog<RequestRecord>;
  /** Gateway sign-ins under way (`gateway.signIn`). */
  readonly signIns: GatewaySignIns;
  private tlsMaterial: LocalTls | null = null;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private active: ActiveSession | null = null;
  /** A gateway session signed out of: its listeners answer 401 ("sign in again") until replaced. */
  private lingering: GatewayModeSession | null = null;

  constructor(
    readonly paths: AppPaths,
    readonly options: CoreOptions,
  ) {
    this.settings = new SettingsStore(paths.settings);
    this.tokens = new TokenStore(paths.tokens);
    this.requestLog = new JsonlLog<RequestRecord>(paths.requestLog);
    this.signIns = new GatewaySignIns({
      paths,
      settings: this.settings,
      ...(options.secretBox ? { secretBox: options.secretBox } : {}),
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
      enterGateway: (start) => this.enterGateway(start, true),
      onExpired: (reason) => this.gatewayExpired(reason),
      sessionInfo: () => this.sessionInfo(),
      settingsChanged: () => this.emit({ type: 'settings', settings: this.settings.get() }),
    });
  }

  get tls(): LocalTls {
    this.tlsMaterial ??= ensureLocalTls(this.paths.tls);
    return this.tlsMaterial;
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket) must not stop the others.
      }
    }
  }

  sessionInfo(): SessionInfo {
    this.adoptSavedGateway();
    const a = this.active;
    if (!a) return { orgFile: null, user: null, identity: null, error: null, gateway: null };
    if (a.kind === 'gateway') {
      const g = a.session;
      return { orgFile: null, user: g.email, identity: g.identityOrNull(), error: g.error, gateway: g.info() };
    }
    return { orgFile: a.orgFile, user: a.user, identity: this.identityOf(a), error: a.error, gateway: null };
  }

  /**
   * What a host does when it starts: recordings past their retention go (the recorder also prunes
   * when a session starts, but a machine with no new sessions would keep old ones forever), then
   * the remembered org file and user sign in, if any; a problem is kept, not thrown.
   */
  async restore(): Promise<SessionInfo> {
    await this.pruneRecordings();
    // A gateway sign-in outlives the host (its tokens are in app data): it comes first.
    this.adoptSavedGateway();
    if (this.active?.kind === 'gateway') {
      await this.active.session.begin(this.personRefreshMs);
      return this.sessionInfo();
    }
    const { orgFile, user } = this.settings.get();
    if (orgFile && user && !this.active) {
      try {
        await this.signIn(orgFile, user);
      } catch (err) {
        return { orgFile, user, identity: null, error: (err as Error).message, gateway: null };
      }
    }
    return this.sessionInfo();
  }

  /** Applies the recording retention settings; a failure (e.g. no directory yet) is no reason to stop. */
  async pruneRecordings(): Promise<void> {
    try {
      await applyRetention(this.paths.recordings, recordingRetention(this.settings.get()));
    } catch {
      // nothing to prune, or not prunable now: the next recording tries again
    }
  }

  async signIn(orgFile: string, user: string): Promise<SessionInfo> {
    const session = await openSession(orgFile, user);
    // Local mode instead of a gateway sign-in: that one ends (its tokens are forgotten, its
    // listeners close: local mode's take the ports).
    await this.signOut();
    await this.closeLingering();
    const { portRange } = this.settings.get();
    // The assignments read the session's org as it is now, so a reload (below) reaches them; the
    // manager reads them once while it is built, before the session holding it exists.
    const built: { session?: LocalSession } = {};
    const assignments = new OrgAssignments(
      {
        paths: this.paths,
        tokens: this.tokens,
        tls: this.tls,
        requestLog: this.requestLog,
        onRequest: (record) => this.emit({ type: 'request', record }),
      },
      () => built.session?.org ?? session.org,
      session.orgFile,
      session.user,
    );
    const manager = new ConnectionManager(this.managerDeps(portRange), assignments);
    const active: LocalSession = { kind: 'local', ...session, error: null, manager, unwatch: () => {} };
    built.session = active;
    active.unwatch = watchFile(session.orgFile, () => void this.reloadOrg(active));
    this.active = active;
    this.settings.update({ orgFile: session.orgFile, user: session.user });
    this.emit({ type: 'session', session: this.sessionInfo() });
    this.emit({ type: 'resources', resources: manager.statuses() });
    return this.sessionInfo();
  }

  /** Ends the session: local mode forgets the choice of user; gateway mode forgets (and revokes) the tokens. */
  async signOut(): Promise<SessionInfo> {
    await this.endSession(true);
    return this.sessionInfo();
  }

  /**
   * Enters gateway mode with a finished sign-in (or one saved in app data): the connection
   * manager's listeners forward to the gateway; `begin` reads /v1/me now and on a timer (hosts do;
   * the CLI's in-process calls do not need to).
   */
  async enterGateway(start: GatewayModeStart, begin: boolean): Promise<GatewayModeSession> {
    if (this.active?.kind === 'gateway' && this.active.session.start === start) return this.active.session;
    // The same person signing in again at the same gateway (the session expired, or was signed out
    // of): what was connected is again, on its ports, so kubectl just works again.
    const before = this.active?.kind === 'gateway' ? this.active.session : this.lingering;
    const again = before !== null && before.url === start.endpoint.url && before.start.username === start.username;
    const reconnect = again
      ? before.manager
          .statuses()
          .filter((r) => r.state === 'connected')
          .map((r) => r.name)
      : [];
    // Another gateway sign-in replaces this one (its tokens go); the same gateway again keeps them.
    await this.endSession(this.active?.kind === 'gateway' && this.active.session.url !== start.endpoint.url);
    await this.closeLingering();
    const session = this.newGatewaySession(start);
    this.active = { kind: 'gateway', session };
    if (begin) await session.begin(this.personRefreshMs);
    const assigned = new Set(session.manager.assigned());
    // A resource that no longer connects stays in error with its reason (the manager says it).
    await session.manager.connect(reconnect.filter((name) => assigned.has(name))).catch(() => {});
    this.emit({ type: 'session', session: this.sessionInfo() });
    this.emit({ type: 'resources', resources: session.manager.statuses() });
    return session;
  }

  private async closeLingering(): Promise<void> {
    const lingering = this.lingering;
    this.lingering = null;
    await lingering?.close(false);
  }

  private get personRefreshMs(): number {
    return this.options.personRefreshMs ?? PERSON_REFRESH_MS;
  }

  private newGatewaySession(start: GatewayModeStart): GatewayModeSession {
    const { portRange } = this.settings.get();
    const session = new GatewayModeSession(
      {
        paths: this.paths,
        tokens: this.tokens,
        tls: this.tls,
        requestLog: this.requestLog,
        emit: (e) => this.emit(e),
        manager: { ports: new PortStore(this.paths.ports, portRange), healthIntervalMs: this.options.healthIntervalMs },
      },
      start,
    );
    session.onChange = () => {
      if (this.active?.kind === 'gateway' && this.active.session === session)
        this.emit({ type: 'session', session: this.sessionInfo() });
    };
    return session;
  }

  /**
   * Signed out here, but a gateway sign-in is saved in app data (another process signed in, or
   * this is the CLI in-process): adopt it, without reading /v1/me — what a command needs
   * (`credential`, `whoami`) it asks for itself.
   */
  private adoptSavedGateway(): void {
    if (this.active) return;
    const saved = this.savedGateway();
    if (saved) this.active = { kind: 'gateway', session: this.newGatewaySession(saved) };
  }

  /** The gateway session: the signed-in one, else the one saved in app data (the CLI in-process); not-signed-in otherwise. */
  async gateway(): Promise<GatewayModeSession> {
    this.adoptSavedGateway();
    if (this.active?.kind === 'gateway') return this.active.session;
    throw new GatehouseError(
      'not-signed-in',
      this.active
        ? 'signed in with an org file (local mode), not at a gateway'
        : 'not signed in at a gateway: run "gatehouse login --gateway URL"',
    );
  }

  /** The gateway session when in gateway mode, else null (local mode or signed out). */
  gatewayModeSession(): GatewayModeSession | null {
    this.adoptSavedGateway();
    return this.active?.kind === 'gateway' ? this.active.session : null;
  }

  private savedGateway(): GatewayModeStart | null {
    return loadSavedGateway(this.paths, this.options.secretBox, (reason) => this.gatewayExpired(reason));
  }

  /** The IdP refused to renew the tokens: the session says expired, subscribers are told once. */
  private gatewayExpired(reason: string): void {
    if (this.active?.kind === 'gateway') this.active.session.noteExpired(reason);
  }

  private async endSession(forget: boolean): Promise<void> {
    const a = this.active;
    this.active = null;
    await this.closeLingering();
    if (!a) return;
    if (a.kind === 'local') {
      a.unwatch();
      await a.manager.close();
    } else if (forget) {
      // kubectl keeps finding the ports and is told to sign in again, rather than "connection refused".
      await a.session.signOut();
      this.lingering = a.session;
    } else {
      await a.session.close(false);
    }
    this.emit({ type: 'session', session: this.sessionInfo() });
    this.emit({ type: 'resources', resources: [] });
  }

  private managerDeps(portRange: Settings['portRange']): ManagerDeps {
    return {
      ports: new PortStore(this.paths.ports, portRange),
      tls: this.tls,
      emit: (e) => this.emit(e),
      healthIntervalMs: this.options.healthIntervalMs,
    };
  }

  /** The connection manager of the signed-in session. */
  manager(): ConnectionManager {
    const a = this.require();
    return a.kind === 'local' ? a.manager : a.session.manager;
  }

  /** Local mode's org file; in gateway mode the org is on the gateway, not here (a usage error). */
  org(): { orgFile: string; user: string; org: Org } {
    const a = this.require();
    if (a.kind === 'gateway')
      throw new GatehouseError(
        'usage',
        `signed in at the gateway ${a.session.url}: the org file is kept there, not on this machine (name one with --org to work on a local file)`,
      );
    return { orgFile: a.orgFile, user: a.user, org: a.org };
  }

  identity(): Identity {
    const a = this.require();
    if (a.kind === 'gateway') return a.session.identity();
    const identity = this.identityOf(a);
    if (!identity) throw new GatehouseError('config', `user ${a.user} is no longer in the org file ${a.orgFile}`);
    return identity;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const settings = this.settings.update(patch);
    this.emit({ type: 'settings', settings });
    return settings;
  }

  /** The host stops: listeners close, a gateway sign-in stays (the next host restores it). */
  async close(): Promise<void> {
    this.signIns.close();
    await this.endSession(false);
    await this.closeLingering();
    await this.requestLog.close();
  }

  private require(): ActiveSession {
    this.adoptSavedGateway();
    if (!this.active) throw new GatehouseError('not-signed-in', 'not signed in: choose an org file and a user first');
    return this.active;
  }

  private identityOf(a: LocalSession): Identity | null {
    const id = identityFor(a.org, a.user);
    return id ? apiIdentity(id) : null;
  }

  /** The org file changed on disk: apply it, or keep the last good one and say what is wrong. */
  private async reloadOrg(a: LocalSession): Promise<void> {
    if (this.active !== a) return;
    try {
      const { org } = await loadOrg(a.orgFile);
      a.org = org;
      a.error = identityFor(org, a.user) ? null : `user ${a.user} is no longer in the org file ${a.orgFile}`;
      await a.manager.update();
    } catch (err) {
      a.error = `${(err as Error).message} (still using the last valid version)`;
    }
    this.emit({ type: 'session', session: this.sessionInfo() });
  }
}
