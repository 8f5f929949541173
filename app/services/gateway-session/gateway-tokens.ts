// The person's tokens for one signed-in gateway session (SPEC §10): the current ID token, renewed
// shortly before it expires (refresh-margin.ts) —
//   - once for all who ask at the same time in this process (single flight), and once across
//     processes (`gatehouse credential` runs once per kubectl process, many at once): renewal
//     happens under the lock beside the session file, after reading the file again, because
//     another process may have renewed already and a rotated refresh token cannot be used twice;
//   - a network failure while the token still has life keeps using it (the IdP may be back by
//     the next call); a refusal by the IdP ends the session: `state` 'expired', `onExpired`, the
//     file says so too, and from then on every call is a 'not-signed-in' error without asking
//     the IdP again (no refresh storm from a dead session).
import { randomBytes } from 'node:crypto';
import type { TokenStorage } from '../../../shared/api';
import { GatehouseError, messageOf } from '../../../shared/errors';
import { redact } from '../../domain/sign-in/idp-errors';
import { openIdProvider, type OpenIdProvider } from '../../domain/sign-in/provider';
import { refreshTokens, revokeToken } from '../../domain/sign-in/refresh';
import type { TokenSet } from '../../domain/sign-in/token-set';
import { acquireFileLock, withFileLock, type FileLockOptions } from './file-lock';
import { dueForRefresh } from './refresh-margin';
import type { SecretBox } from './secret-box';
import {
  deleteSessionFile,
  openSecret,
  readSessionFile,
  sealSecret,
  writeSessionFile,
  type GatewaySessionRecord,
} from './session-file';

export interface CurrentToken {
  token: string;
  expiresAt: Date;
}

/** A session as the host may show it: everything but the tokens. */
export type GatewaySessionView = Readonly<Omit<GatewaySessionRecord, 'idToken' | 'refreshToken'>>;

export type ProviderSource = OpenIdProvider | ((session: GatewaySessionRecord) => Promise<OpenIdProvider>);

export interface GatewayTokensOptions {
  /** AppPaths.gatewaySession. */
  file: string;
  box: SecretBox;
  /** The IdP (from the sign-in that just finished), or how to find it; default: discovery from the session's gateway info. */
  provider?: ProviderSource;
  /** Decides when a token is due for renewal (tests: a token "about to expire"). */
  now?: () => number;
  /** Called once when the session ends because the IdP refused to renew it; `reason` says why. */
  onExpired?: (reason: string) => void;
  lock?: FileLockOptions;
}

export function lockFileOf(sessionFile: string): string {
  return `${sessionFile}.lock`;
}

/** The session ended for good (the IdP refused, the file was replaced or removed). */
class SessionEnded extends Error {}

export class GatewayTokens {
  private record: GatewaySessionRecord;
  private ended: string | null;
  private forgotten = false;
  private inflight: Promise<CurrentToken> | null = null;
  private provider: Promise<OpenIdProvider> | null = null;
  /** The ID token a renewal just produced already due (a skewed IdP clock): not renewed again while it lives. */
  private renewed: string | null = null;
  private readonly now: () => number;

  /** The session saved in `options.file`: null when signed out, with why when the file was unusable. */
  static open(options: GatewayTokensOptions): { tokens: GatewayTokens | null; problem: string | null } {
    const read = readSessionFile(options.file);
    if (read.state === 'absent') return { tokens: null, problem: null };
    if (read.state === 'malformed') return { tokens: null, problem: read.problem };
    return { tokens: new GatewayTokens(read.session, options), problem: null };
  }

  constructor(
    session: GatewaySessionRecord,
    private readonly options: GatewayTokensOptions,
  ) {
    this.record = session;
    this.ended = session.expired;
    this.now = options.now ?? Date.now;
    if (options.provider && typeof options.provider !== 'function') this.provider = Promise.resolve(options.provider);
  }

  /** What the session is (no secret needs to be read from here: use `current()` for the token). */
  get session(): GatewaySessionView {
    const { id, gateway, caPem, info, username, idTokenIssuedAt, idTokenExpiresAt, expired, signedInAt } = this.record;
    return { id, gateway, caPem, info, username, idTokenIssuedAt, idTokenExpiresAt, expired, signedInAt };
  }

  get state(): 'signed-in' | 'expired' {
    return this.ended === null && !this.forgotten ? 'signed-in' : 'expired';
  }

  /** Why the session ended, or null. */
  get expiredReason(): string | null {
    return this.ended;
  }

  /** Where the refresh token is kept (what settings say). */
  get tokenStorage(): TokenStorage {
    return this.record.refreshToken?.storage ?? this.options.box.storage;
  }

  /** The ID token to send, renewed first when due. */
  current(): Promise<CurrentToken> {
    if (this.state !== 'signed-in') return Promise.reject(this.signedOut());
    const alive = this.alive();
    if (alive && (!this.due() || this.renewed === this.record.idToken)) return Promise.resolve(this.token());
    this.inflight ??= this.renew().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Sign-out: revokes the refresh token where the IdP can (best effort) and deletes the file. */
  async forget(): Promise<{ revoked: boolean }> {
    this.forgotten = true;
    let release: (() => void) | null = null;
    try {
      release = await acquireFileLock(lockFileOf(this.options.file), {
        ...this.options.lock,
        waitMs: this.options.lock?.waitMs ?? 20_000,
      });
    } catch {
      // A holder that does not let go must not keep the person signed in: go on without the lock.
    }
    try {
      const read = readSessionFile(this.options.file);
      const ours = read.state !== 'present' || read.session.id === this.record.id;
      const record = read.state === 'present' && ours ? read.session : this.record;
      const revoked = await this.revoke(record);
      if (ours) deleteSessionFile(this.options.file);
      return { revoked };
    } finally {
      release?.();
    }
  }

  private async revoke(record: GatewaySessionRecord): Promise<boolean> {
    if (!record.refreshToken) return false;
    try {
      const refreshToken = openSecret(this.options.box, record.refreshToken);
      return await revokeToken(await this.providerFor(record), refreshToken);
    } catch {
      // Not openable here, or the IdP not reachable: the token is forgotten all the same.
      return false;
    }
  }

  private signedOut(): GatehouseError {
    return new GatehouseError('not-signed-in', `signed out of ${this.record.gateway}: run "gatehouse login"`);
  }

  private token(): CurrentToken {
    return { token: this.record.idToken, expiresAt: this.record.idTokenExpiresAt };
  }

  private alive(): boolean {
    return this.now() < this.record.idTokenExpiresAt.getTime();
  }

  private due(): boolean {
    return dueForRefresh(this.now(), this.record.idTokenIssuedAt, this.record.idTokenExpiresAt);
  }

  private providerFor(record: GatewaySessionRecord): Promise<OpenIdProvider> {
    if (!this.provider) {
      const source = this.options.provider;
      const found = typeof source === 'function' ? source(record) : openIdProvider(record.info, record.caPem);
      // A failed discovery is tried again next time, not remembered.
      this.provider = found.catch((error: unknown) => {
        this.provider = null;
        throw error;
      });
    }
    return this.provider;
  }

  private end(reason: string): void {
    if (this.ended !== null) return;
    this.ended = reason;
    this.options.onExpired?.(reason);
  }

  private async renew(): Promise<CurrentToken> {
    try {
      return await withFileLock(lockFileOf(this.options.file), () => this.renewLocked(), this.options.lock);
    } catch (error) {
      if (error instanceof SessionEnded) {
        this.end(error.message);
        throw this.signedOut();
      }
      // Transient (the network, discovery, the lock, a box that cannot open this file): a token
      // with life left is still good; else the reason, as it was decided where it arose.
      if (this.alive()) return this.token();
      throw error;
    }
  }

  private async renewLocked(): Promise<CurrentToken> {
    const file = this.options.file;
    const read = readSessionFile(file);
    if (read.state === 'absent') throw new SessionEnded(`signed out elsewhere (${file} was removed)`);
    if (read.state === 'malformed') throw new SessionEnded(read.problem);
    const onDisk = read.session;
    if (onDisk.id !== this.record.id) throw new SessionEnded(`${file} holds a newer sign-in`);
    if (onDisk.expired !== null) throw new SessionEnded(onDisk.expired);
    this.record = onDisk;
    // Another process renewed it while we waited for the lock.
    if (!this.due()) return this.token();
    if (!onDisk.refreshToken) {
      if (this.alive()) return this.token();
      throw new SessionEnded(
        `the identity provider ${onDisk.info.issuer} gave no refresh token, and the ID token has expired`,
      );
    }
    const refreshToken = openSecret(this.options.box, onDisk.refreshToken);
    const provider = await this.providerFor(onDisk);
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(provider, refreshToken, onDisk.username);
    } catch (error) {
      if (error instanceof GatehouseError && error.kind === 'unavailable') throw error;
      const reason = redact(messageOf(error), [refreshToken, onDisk.idToken]);
      this.saveQuietly({ ...onDisk, expired: reason });
      throw new SessionEnded(reason);
    }
    const next: GatewaySessionRecord = {
      ...onDisk,
      idToken: tokens.idToken,
      idTokenIssuedAt: tokens.idTokenIssuedAt,
      idTokenExpiresAt: tokens.idTokenExpiresAt,
      refreshToken: sealSecret(this.options.box, tokens.refreshToken),
    };
    // Memory first: should the write fail, this process still has the rotated refresh token.
    this.record = next;
    this.renewed = this.due() ? next.idToken : null;
    writeSessionFile(file, next);
    return this.token();
  }

  /** Records the end in the file so other processes do not ask the IdP again; a failure to write changes nothing here. */
  private saveQuietly(record: GatewaySessionRecord): void {
    try {
      writeSessionFile(this.options.file, record);
    } catch {
      // This process knows already; the next one tries once and finds out the same way.
    }
  }
}

export function newSessionId(): string {
  return randomBytes(12).toString('base64url');
}
