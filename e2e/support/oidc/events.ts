// The test provider's event log: one JSON line per token grant it answered (authorization code,
// device code, refresh), per grant it refused and per grant it revoked, appended to
// `<provider dir>/events.jsonl`. Refresh tests count refreshes with it ("eight requests after
// expiry caused exactly one refresh"), so a line says which client, which person and which grant
// — never a token: the grant is named by a hash of oidc-provider's grant id (not a credential
// anywhere), a refusal by its OAuth error code and a hash of the refresh token it was shown (so a
// test that holds that token can tell its refusals from other tests'; the hash opens nothing).
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrantContext, Provider } from 'oidc-provider';
import type { OidcProviderInfo } from './info';

export const EVENTS_FILE = 'events.jsonl';

export type ProviderEvent =
  | {
      event: 'grant.success';
      /** ISO 8601, when the provider answered. */
      at: string;
      /** `refresh_token`, `authorization_code`, `urn:ietf:params:oauth:grant-type:device_code`. */
      grantType: string;
      clientId: string | null;
      /** The account's `sub`. */
      sub: string | null;
      /** A hash of the grant id: the same for a sign-in and every refresh of it. */
      grant: string | null;
    }
  | {
      event: 'grant.error';
      at: string;
      grantType: string;
      clientId: string | null;
      error: string;
      /** tokenTag of the refresh token presented (refresh grants only). */
      refreshToken: string | null;
    }
  | { event: 'grant.revoked'; at: string; clientId: string | null; grant: string };

function tag(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** What names a grant in the log. */
export function grantTag(grantId: string): string {
  return tag(`grant:${grantId}`);
}

/** What names a refresh token in the log: a test that holds the token finds its refusals by it. */
export function tokenTag(token: string): string {
  return tag(`token:${token}`);
}

function grantTypeOf(ctx: GrantContext): string {
  const type = ctx.oidc.params?.grant_type;
  return typeof type === 'string' ? type : '?';
}

/** Makes `provider` append its grant events to `file` (synchronously: the line is there before the answer leaves). */
export function recordGrantEvents(provider: Provider, file: string): void {
  const append = (line: ProviderEvent): void => appendFileSync(file, `${JSON.stringify(line)}\n`);
  provider.on('grant.success', (ctx) => {
    const { grant, account, client } = ctx.oidc;
    append({
      event: 'grant.success',
      at: new Date().toISOString(),
      grantType: grantTypeOf(ctx),
      clientId: client?.clientId ?? null,
      sub: account?.accountId ?? grant?.accountId ?? null,
      grant: grant?.jti ? grantTag(grant.jti) : null,
    });
  });
  provider.on('grant.error', (ctx, error) => {
    const presented = ctx.oidc.params?.refresh_token;
    append({
      event: 'grant.error',
      at: new Date().toISOString(),
      grantType: grantTypeOf(ctx),
      clientId: ctx.oidc.client?.clientId ?? null,
      // The OAuth error code (invalid_grant …), not its description: nothing the client sent.
      error: typeof error.error === 'string' ? error.error : error.name,
      refreshToken: typeof presented === 'string' ? tokenTag(presented) : null,
    });
  });
  provider.on('grant.revoked', (ctx, grantId) => {
    append({
      event: 'grant.revoked',
      at: new Date().toISOString(),
      clientId: ctx.oidc.client?.clientId ?? null,
      grant: grantTag(grantId),
    });
  });
}

/** Everything the provider of `idp` logged so far (none yet: an empty list). */
export function readProviderEvents(idp: Pick<OidcProviderInfo, 'dir'>): ProviderEvent[] {
  let text: string;
  try {
    text = readFileSync(join(idp.dir, EVENTS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ProviderEvent);
}

/** The refreshes of one grant answered at or after `since` (ms since the epoch). */
export function refreshesOf(idp: Pick<OidcProviderInfo, 'dir'>, grant: string, since: number): ProviderEvent[] {
  return readProviderEvents(idp).filter(
    (e) =>
      e.event === 'grant.success' && e.grantType === 'refresh_token' && e.grant === grant && Date.parse(e.at) >= since,
  );
}

/** The refresh grants refused for `refreshToken` (by its tag). */
export function refusalsOf(idp: Pick<OidcProviderInfo, 'dir'>, refreshToken: string): ProviderEvent[] {
  const presented = tokenTag(refreshToken);
  return readProviderEvents(idp).filter((e) => e.event === 'grant.error' && e.refreshToken === presented);
}
