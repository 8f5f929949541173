// What a running test provider tells its users (the vitest global setup `provide`s it as 'oidc'):
// written by main.ts to <dir>/provider.json, read back to reuse a running provider.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lifetimes } from './provider';

export interface OidcProviderInfo {
  dir: string;
  /** `https://127.0.0.1:<port>`: the gateway's `oidc.issuer`. */
  issuer: string;
  /** PEM file of the provider's own CA: the gateway's `oidc.caFile`. */
  caFile: string;
  /** The provider's private signing keys (JWK array, RS256 + ES256), for tests that forge tokens. */
  signingKeysFile: string;
  /** RS256 ID tokens; the gateway's `oidc.clientId`. */
  clientId: string;
  /** ES256 ID tokens. */
  es256ClientId: string;
  /**
   * Like `clientId` (RS256), but its ID and access tokens live `shortLifetimeSeconds`: refresh
   * tests use it on the run's shared provider. A gateway that accepts its tokens names it as
   * `oidc.clientId` (the audience is the client id).
   */
  shortLivedClientId: string;
  shortLifetimeSeconds: number;
  /** Registered loopback redirect (any port is accepted). */
  redirectUri: string;
  scopes: string[];
  lifetimes: Lifetimes;
  /** How many generated accounts (user-000@example.com …) it knows besides the demo ones; absent = 0. */
  generatedAccounts?: number;
}

export const INFO_FILE = 'provider.json';

export function readProviderInfo(dir: string): OidcProviderInfo {
  const file = join(dir, INFO_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `${file}: no running test OpenID provider there (start one: npx tsx e2e/support/oidc/main.ts --dir ${dir})`,
    );
  }
  return JSON.parse(text) as OidcProviderInfo;
}
