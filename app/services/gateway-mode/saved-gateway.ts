// The gateway sign-in saved in app data (AppPaths.gatewaySession), as the core starts from it: the
// gateway, its CA, the issuer, the person and their renewing tokens. Null when signed out — also
// when the file is unusable: that file says signed out (session-file.ts explains how).
import { GatewayTokens, plainBox, type SecretBox } from '../gateway-session';
import type { AppPaths } from '../../platform/paths';
import type { GatewayModeStart } from './gateway-mode-session';

export type { SecretBox } from '../gateway-session';

export function loadSavedGateway(
  paths: AppPaths,
  box: SecretBox = plainBox,
  onExpired?: (reason: string) => void,
): GatewayModeStart | null {
  const { tokens } = GatewayTokens.open({ file: paths.gatewaySession, box, ...(onExpired ? { onExpired } : {}) });
  return tokens ? startOf(tokens) : null;
}

export function startOf(tokens: GatewayTokens): GatewayModeStart {
  const { gateway, caPem, info, username } = tokens.session;
  return { endpoint: { url: gateway, caPem }, issuer: info.issuer, username, tokens };
}
