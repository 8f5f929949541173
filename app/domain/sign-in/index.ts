// Signing in at a gateway's identity provider (SPEC §10), protocol only: no app state here (that
// is app/services/gateway-session). The lead's entry points:
//   readGatewayInfo(url, caPem)          → the gateway's sign-in document
//   openIdProvider(info, caPem)          → the IdP, discovered (public client)
//   startBrowserSignIn / startDeviceSignIn(provider, …) → { …, done: Promise<TokenSet>, cancel() }
//   refreshTokens / revokeToken(provider, …)
export {
  readGatewayInfo,
  parseGatewayInfo,
  WELL_KNOWN_PATH,
  type GatewayInfo,
  type ReadGatewayInfoOptions,
} from './gateway-info';
export { parseGatewayUrl } from './gateway-url';
export { openIdProvider, type OpenIdProvider, type OpenIdProviderOptions } from './provider';
export { startBrowserSignIn, type BrowserSignIn, type BrowserSignInOptions } from './browser-sign-in';
export { startDeviceSignIn, type DeviceSignIn } from './device-sign-in';
export { refreshTokens, revokeToken } from './refresh';
export type { TokenSet } from './token-set';
export { httpsFetch, type HttpsFetch, type HttpsFetchOptions } from './https-fetch';
export { SIGNED_IN_TEXT } from './callback-pages';
