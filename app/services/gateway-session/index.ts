// The gateway session (SPEC §10) for the core: the saved sign-in, its renewing tokens, and how
// the refresh token is sealed at rest.
export {
  GatewayTokens,
  lockFileOf,
  type CurrentToken,
  type GatewaySessionView,
  type GatewayTokensOptions,
  type ProviderSource,
} from './gateway-tokens';
export { login, type LoginRecord } from './login';
export { plainBox, type SecretBox } from './secret-box';
export {
  deleteSessionFile,
  readSessionFile,
  SEALED_ELSEWHERE,
  writeSessionFile,
  type GatewaySessionRecord,
  type SealedSecret,
  type SessionFileRead,
} from './session-file';
export { dueForRefresh, refreshMarginMs } from './refresh-margin';
export { acquireFileLock, withFileLock, type FileLockOptions } from './file-lock';
