// A signed-in gateway session on the desktop (SPEC §10): who the person is (the gateway's /v1/me,
// read on sign-in, on a timer and on demand), whether the gateway answers, and the connection
// manager whose loopback listeners forward to it. The tokens live in PersonTokens (refresh once,
// before expiry, for every waiting request); this class never sees a refresh token.
import type { ApiEvent, GatewaySession, Identity, TokenStorage } from '../../../shared/api';
import type { RequestRecord } from '../../../shared/activity';
import { GatehouseError, kindOf, messageOf } from '../../../shared/errors';
import type { JsonlLog } from '../../domain/audit/jsonl-log';
import type { LocalTls } from '../../domain/proxy/local-tls';
import type { AppPaths } from '../../platform/paths';
import { ConnectionManager, type ManagerDeps } from '../connections/manager';
import type { TokenStore } from '../state/token-store';
import { getFromGateway, type GatewayEndpoint } from './gateway-api';
import { GatewayAssignments } from './gateway-assignments';
import { parseGatewayPerson, type GatewayPerson } from './gateway-person';
import { readPersonCache, writePersonCache, removePersonCache } from './person-cache';

/** What the session needs of the person's tokens (app/services/gateway-session GatewayTokens). */
export interface PersonTokens {
  /** The current ID token, refreshed first when it is about to expire; not-signed-in when the session ended. */
  current(): Promise<{ token: string; expiresAt: Date }>;
  readonly state: 'signed-in' | 'expired';
  readonly tokenStorage: TokenStorage;
  /** When the ID token held now expires (no secret). */
  readonly session: { readonly idTokenExpiresAt: Date };
  /** Revokes (where the IdP can) and forgets the tokens. */
  forget(): Promise<unknown>;
}

export interface GatewayModeDeps {
  paths: AppPaths;
  tokens: TokenStore;
  tls: LocalTls;
  requestLog: JsonlLog<RequestRecord>;
  emit: (event: ApiEvent) => void;
  manager: Omit<ManagerDeps, 'emit' | 'tls'>;
}

export interface GatewayModeStart {
  endpoint: GatewayEndpoint;
  issuer: string;
  /** The person as the ID token names them (the gateway's usernameClaim). */
  username: string;
  tokens: PersonTokens;
}

export class GatewayModeSession {
  readonly manager: ConnectionManager;
  private person: GatewayPerson | null;
  private reachable: boolean | null = null;
  private reachError: string | null = null;
  private checkedAt: string | null = null;
  private problem: string | null = null;
  private refusal: GatehouseError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private expiredSaid = false;
  private closed = false;

  constructor(
    private readonly deps: GatewayModeDeps,
    readonly start: GatewayModeStart,
  ) {
    // The last /v1/me answer (no secret in it), so a host started while the gateway is down still
    // knows the person's resources and keeps their ports; listeners answer 503 until it is back.
    this.person = readPersonCache(deps.paths, start.endpoint.url, start.username);
    const assignments = new GatewayAssignments(
      {
        paths: deps.paths,
        tokens: deps.tokens,
        tls: deps.tls,
        requestLog: deps.requestLog,
        onRequest: (record) => {
          if (!this.closed) deps.emit({ type: 'request', record });
        },
        endpoint: start.endpoint,
        bearer: () => this.bearer(),
        resources: () => this.person?.resources ?? [],
        onReachability: (reachable, reason) => this.setReachable(reachable, reason),
      },
      this.email,
    );
    // Once signed out, the listeners that stay (answering 401) are no one's resources any more:
    // what they report is not shown.
    const emit = (event: ApiEvent): void => {
      if (!this.closed) deps.emit(event);
    };
    this.manager = new ConnectionManager({ ...deps.manager, tls: deps.tls, emit }, assignments);
  }

  get url(): string {
    return this.start.endpoint.url;
  }

  get email(): string {
    return this.person?.identity.email ?? this.start.username;
  }

  /** Reads /v1/me now and from then on every `intervalMs` (0: only on demand) — what a host does. */
  async begin(intervalMs: number): Promise<void> {
    await this.refresh();
    if (intervalMs > 0 && !this.timer && !this.closed) {
      this.timer = setInterval(() => void this.refresh(), intervalMs);
      this.timer.unref();
    }
  }

  /** /v1/me again (single flight); a failure is kept and shown, not thrown. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readPerson().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** The ID token for a request (forwarded or `gatehouse credential`). */
  async credential(): Promise<{ token: string; expiresAt: Date }> {
    try {
      const credential = await this.start.tokens.current();
      return credential;
    } catch (err) {
      if (kindOf(err) === 'not-signed-in') this.expired(messageOf(err));
      throw err;
    }
  }

  identity(): Identity {
    if (!this.person)
      throw new GatehouseError(
        'unavailable',
        this.reachError ?? `the gateway ${this.url} has not said who you are yet`,
      );
    return this.person.identity;
  }

  identityOrNull(): Identity | null {
    return this.person?.identity ?? null;
  }

  get admin(): boolean {
    return this.person?.admin === true;
  }

  info(): GatewaySession {
    return {
      url: this.url,
      issuer: this.start.issuer,
      state: this.start.tokens.state,
      tokenExpiresAt: this.start.tokens.session.idTokenExpiresAt.toISOString(),
      reachable: this.reachable,
      reachError: this.reachError,
      checkedAt: this.checkedAt,
      admin: this.admin,
      tokenStorage: this.start.tokens.tokenStorage,
    };
  }

  /** A problem to show with the session (the last /v1/me failure that was not about reachability). */
  get error(): string | null {
    return this.start.tokens.state === 'expired'
      ? `signed out of ${this.url}: run "gatehouse login" (or Sign in again)`
      : this.problem;
  }

  /** GET an admin view (or anything else the gateway answers) as the person. */
  async get(path: string): Promise<unknown> {
    const { token } = await this.credential();
    try {
      const body = await getFromGateway(this.start.endpoint, path, token);
      this.setReachable(true, null);
      return body;
    } catch (err) {
      if (kindOf(err) === 'unavailable') this.setReachable(false, messageOf(err));
      throw err;
    }
  }

  /**
   * Sign-out: the tokens are forgotten (revoked where the IdP can) and /v1/me is no longer read,
   * but the listeners stay on their ports, answering kubectl with a 401 that says to sign in again,
   * until the core closes them (a new sign-in, local mode, the host stopping).
   */
  async signOut(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    removePersonCache(this.deps.paths);
    await this.start.tokens.forget();
  }

  /** Stops timers and listeners; `forget` also ends the sign-in (revoking where the IdP can). */
  async close(forget: boolean): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.manager.close();
    if (forget) {
      removePersonCache(this.deps.paths);
      await this.start.tokens.forget();
    }
  }

  private shownExpiry: number | null = null;

  private async bearer(): Promise<string> {
    const { token, expiresAt } = await this.credential();
    // A refresh moved the expiry: the session shown changes (never the token).
    if (expiresAt.getTime() !== this.shownExpiry) {
      this.shownExpiry = expiresAt.getTime();
      this.publish();
    }
    return token;
  }

  private async readPerson(): Promise<void> {
    try {
      const body = await this.get('/v1/me');
      const person = parseGatewayPerson(body, this.url);
      this.person = person;
      this.problem = null;
      this.refusal = null;
      this.checkedAt = new Date().toISOString();
      writePersonCache(this.deps.paths, this.url, this.start.username, person);
      await this.manager.update();
    } catch (err) {
      // Unreachable was said by get(); an expired session by credential(); anything else is shown.
      if (kindOf(err) !== 'unavailable' && kindOf(err) !== 'not-signed-in') this.problem = messageOf(err);
      // The gateway itself said no (not a user of the org, a token it does not take).
      if (err instanceof GatehouseError && (err.kind === 'refused' || err.kind === 'not-signed-in')) this.refusal = err;
    }
    this.publish();
  }

  private setReachable(reachable: boolean, reason: string | null): void {
    if (this.reachable === reachable && this.reachError === reason) return;
    this.reachable = reachable;
    this.reachError = reachable ? null : reason;
    this.publish();
  }

  /** Why the gateway refused this person the last time /v1/me was read; null when it did not. */
  get refusedBy(): GatehouseError | null {
    return this.refusal;
  }

  /** The IdP refused to renew the tokens (GatewayTokens' onExpired) or a request found them ended. */
  noteExpired(reason: string): void {
    this.expired(reason);
  }

  private expired(reason: string): void {
    if (this.expiredSaid) return;
    this.expiredSaid = true;
    this.deps.emit({ type: 'session-expired', gateway: this.url, reason });
    this.publish();
  }

  /** Tells subscribers (the core turns it into a session event). */
  private publish(): void {
    if (!this.closed) this.onChange?.();
  }

  onChange: (() => void) | null = null;
}
