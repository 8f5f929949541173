// The gateway session on disk (AppPaths.gatewaySession, SPEC §10): which gateway (and its CA),
// what it said at sign-in, who signed in, the current ID token and the refresh token sealed by a
// SecretBox. Owner-only (0600) and written atomically, so a reader in another process (`gatehouse
// credential`, run once per kubectl call) never sees half a file. A file that is not what this
// module writes means "signed out", with a message naming the file — never a JSON error.
import { readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';
import type { TokenStorage } from '../../../shared/api';
import { GatehouseError } from '../../../shared/errors';
import { parseGatewayInfo, type GatewayInfo } from '../../domain/sign-in/gateway-info';
import { writeFileAtomic } from '../../platform/atomic-write';
import type { SecretBox } from './secret-box';

export interface SealedSecret {
  /** The box that sealed it. */
  storage: TokenStorage;
  sealed: string;
}

export interface GatewaySessionRecord {
  /** Random per sign-in: tells a refreshed session from a newer sign-in in the same file. */
  id: string;
  /** `https://host[:port]`. */
  gateway: string;
  /** The CA file's PEM the person gave (pins the gateway, added for the IdP), or null. */
  caPem: string | null;
  info: GatewayInfo;
  username: string;
  idToken: string;
  idTokenIssuedAt: Date;
  idTokenExpiresAt: Date;
  refreshToken: SealedSecret | null;
  /** Why the session ended (the IdP refused a refresh), or null: then no process retries the IdP. */
  expired: string | null;
  signedInAt: Date;
}

export type SessionFileRead =
  { state: 'absent' } | { state: 'malformed'; problem: string } | { state: 'present'; session: GatewaySessionRecord };

const FILE_VERSION = 1;
const TOKEN_STORAGES = ['encrypted', 'plain-no-keyring', 'owner-only-file'] as const satisfies readonly TokenStorage[];
const text = z.string().min(1);
const instant = z.iso.datetime({ offset: true });

const fileSchema = z.object({
  version: z.literal(FILE_VERSION),
  id: text,
  gateway: text,
  caPem: z.string().nullable(),
  info: z.unknown(),
  username: text,
  idToken: text,
  idTokenIssuedAt: instant,
  idTokenExpiresAt: instant,
  refreshToken: z.object({ storage: z.enum(TOKEN_STORAGES), sealed: z.string() }).nullable(),
  expired: z.string().nullable(),
  signedInAt: instant,
});

function malformed(file: string, why: string): SessionFileRead {
  return {
    state: 'malformed',
    problem: `${file}: not a usable Gatehouse gateway sign-in (${why}); signed out: run "gatehouse login"`,
  };
}

export function readSessionFile(file: string): SessionFileRead {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return malformed(file, `cannot read it: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return malformed(file, 'not JSON');
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return malformed(file, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  let info: GatewayInfo;
  try {
    info = parseGatewayInfo(data.gateway, data.info);
  } catch {
    return malformed(file, 'info: not the gateway sign-in document');
  }
  return {
    state: 'present',
    session: {
      id: data.id,
      gateway: data.gateway,
      caPem: data.caPem,
      info,
      username: data.username,
      idToken: data.idToken,
      idTokenIssuedAt: new Date(data.idTokenIssuedAt),
      idTokenExpiresAt: new Date(data.idTokenExpiresAt),
      refreshToken: data.refreshToken,
      expired: data.expired,
      signedInAt: new Date(data.signedInAt),
    },
  };
}

export function writeSessionFile(file: string, session: GatewaySessionRecord): void {
  const content = {
    version: FILE_VERSION,
    ...session,
    idTokenIssuedAt: session.idTokenIssuedAt.toISOString(),
    idTokenExpiresAt: session.idTokenExpiresAt.toISOString(),
    signedInAt: session.signedInAt.toISOString(),
  };
  writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
}

export function deleteSessionFile(file: string): void {
  rmSync(file, { force: true });
}

export function sealSecret(box: SecretBox, secret: string | null): SealedSecret | null {
  return secret === null ? null : { storage: box.storage, sealed: box.seal(secret) };
}

/** The message for a session this process cannot renew: another box sealed its refresh token. */
export const SEALED_ELSEWHERE = 'signed in with the desktop app: start it, or run "gatehouse login"';

/** The refresh token in the clear, or 'not-signed-in' when `box` is not the one that sealed it. */
export function openSecret(box: SecretBox, secret: SealedSecret): string {
  if (secret.storage !== box.storage) throw new GatehouseError('not-signed-in', SEALED_ELSEWHERE);
  try {
    return box.open(secret.sealed);
  } catch {
    throw new GatehouseError('not-signed-in', SEALED_ELSEWHERE);
  }
}
