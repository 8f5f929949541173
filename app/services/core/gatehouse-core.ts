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

/** Which kind of host runs this core (shared/host-mode.ts); `app.info` reports it. */
export type CoreMode = HostMode;

export interface CoreOptions {
  mode: CoreMode;
  healthIntervalMs?: number;
  /** An org file offered as "the demo" on the sign-in screen. */
  demoOrg?: string | null;
}

interface ActiveSession {
  orgFile: string;
  user: string;
  org: Org;
  error: string | null;
  manager: ConnectionManager;
  unwatch: () => void;
}

export class GatehouseCore {
  readonly settings: SettingsStore;
  readonly tokens: TokenStore;
  readonly requestLog: JsonlLog<RequestRecord>;
  private tlsMaterial: LocalTls | null = null;
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private active: ActiveSession | null = null;

  constructor(
    readonly paths: AppPaths,
    readonly options: CoreOptions,
  ) {
    this.settings = new SettingsStore(paths.settings);
    this.tokens = new TokenStore(paths.tokens);
    this.requestLog = new JsonlLog<RequestRecord>(paths.requestLog);
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
    const a = this.active;
    if (!a) return { orgFile: null, user: null, identity: null, error: null, gateway: null };
    return { orgFile: a.orgFile, user: a.user, identity: this.identityOf(a), error: a.error, gateway: null };
  }

  /**
   * What a host does when it starts: recordings past their retention go (the recorder also prunes
   * when a session starts, but a machine with no new sessions would keep old ones forever), then
   * the remembered org file and user sign in, if any; a problem is kept, not thrown.
   */
  async restore(): Promise<SessionInfo> {
    await this.pruneRecordings();
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
    await this.signOut();
    const { portRange } = this.settings.get();
    // The assignments read the session's org as it is now, so a reload (below) reaches them; the
    // manager reads them once while it is built, before the session holding it exists.
    const built: { session?: ActiveSession } = {};
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
    const active: ActiveSession = { ...session, error: null, manager, unwatch: () => {} };
    built.session = active;
    active.unwatch = watchFile(session.orgFile, () => void this.reloadOrg(active));
    this.active = active;
    this.settings.update({ orgFile: session.orgFile, user: session.user });
    this.emit({ type: 'session', session: this.sessionInfo() });
    this.emit({ type: 'resources', resources: manager.statuses() });
    return this.sessionInfo();
  }

  async signOut(): Promise<SessionInfo> {
    const a = this.active;
    this.active = null;
    if (a) {
      a.unwatch();
      await a.manager.close();
      this.emit({ type: 'session', session: this.sessionInfo() });
      this.emit({ type: 'resources', resources: [] });
    }
    return this.sessionInfo();
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
    return this.require().manager;
  }

  org(): { orgFile: string; user: string; org: Org } {
    const a = this.require();
    return { orgFile: a.orgFile, user: a.user, org: a.org };
  }

  identity(): Identity {
    const a = this.require();
    const identity = this.identityOf(a);
    if (!identity) throw new GatehouseError('config', `user ${a.user} is no longer in the org file ${a.orgFile}`);
    return identity;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const settings = this.settings.update(patch);
    this.emit({ type: 'settings', settings });
    return settings;
  }

  async close(): Promise<void> {
    await this.signOut();
    await this.requestLog.close();
  }

  private require(): ActiveSession {
    if (!this.active) throw new GatehouseError('not-signed-in', 'not signed in: choose an org file and a user first');
    return this.active;
  }

  private identityOf(a: ActiveSession): Identity | null {
    const id = identityFor(a.org, a.user);
    return id
      ? {
          email: id.email,
          name: id.name,
          roles: id.roles,
          groups: id.groups,
          warnings: id.warnings,
          resources: id.resources,
        }
      : null;
  }

  /** The org file changed on disk: apply it, or keep the last good one and say what is wrong. */
  private async reloadOrg(a: ActiveSession): Promise<void> {
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
