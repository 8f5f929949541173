// A finished sign-in (browser or device, app/domain/sign-in) becomes the saved session: the file
// replaces whatever was there (a new sign-in id, so another process still holding the old one
// stops using it), and the GatewayTokens that renews it from now on.
import type { GatewayInfo } from '../../domain/sign-in/gateway-info';
import type { TokenSet } from '../../domain/sign-in/token-set';
import { GatewayTokens, newSessionId, type GatewayTokensOptions } from './gateway-tokens';
import { sealSecret, writeSessionFile, type GatewaySessionRecord } from './session-file';

export interface LoginRecord {
  /** `https://host[:port]` (as readGatewayInfo returned it). */
  gateway: string;
  caPem: string | null;
  info: GatewayInfo;
  tokens: TokenSet;
}

export function login(record: LoginRecord, options: GatewayTokensOptions): GatewayTokens {
  const session: GatewaySessionRecord = {
    id: newSessionId(),
    gateway: record.gateway,
    caPem: record.caPem,
    info: record.info,
    username: record.tokens.username,
    idToken: record.tokens.idToken,
    idTokenIssuedAt: record.tokens.idTokenIssuedAt,
    idTokenExpiresAt: record.tokens.idTokenExpiresAt,
    refreshToken: sealSecret(options.box, record.tokens.refreshToken),
    expired: null,
    signedInAt: new Date((options.now ?? Date.now)()),
  };
  writeSessionFile(options.file, session);
  return new GatewayTokens(session, options);
}
