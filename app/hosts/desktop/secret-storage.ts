// Which protection Electron's safeStorage gives the refresh token on this machine (SPEC §10), as a
// decision of its own so it is tested here; main/safe-storage-box.ts only asks Electron the facts.
//
// - macOS (Keychain), Windows (DPAPI), Linux with a real keyring (libsecret, KWallet):
//   'encrypted'.
// - Linux with `basic_text` (no secret service found): safeStorage still encrypts, but with a
//   key hard-coded in Chromium, so the file is obfuscated, not protected: 'plain-no-keyring', which
//   settings show as a warning. We still seal with safeStorage's own text rather than the token
//   as is: the token is never greppable on disk, and Chromium decrypts that ("v10") text with the
//   same fixed key whatever backend it finds later, so a keyring appearing does not leave
//   safeStorage unable to read it. (session-file.ts also checks the recorded storage kind, so
//   after that change the person signs in once more; nothing breaks or leaks.)
//   safeStorage refuses basic_text unless told to use it (setUsePlainTextEncryption), hence
//   `needsPlainTextEncryption`.
// - Linux with an unknown backend: not claimed as encrypted (only the named keyrings are).
// - No encryption at all (a locked or missing Keychain, safeStorage not ready): the CLI's own
//   protection, a file only the owner can read, said as 'owner-only-file' — true, and the CLI can
//   then renew the session too.
import type { TokenStorage } from '../../../shared/api';

/** What safeStorage.getSelectedStorageBackend() names a real OS keyring as (Linux). */
const LINUX_KEYRINGS: ReadonlySet<string> = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export interface SafeStorageFacts {
  platform: NodeJS.Platform;
  /** safeStorage.getSelectedStorageBackend() on Linux; null elsewhere. */
  backend: string | null;
  /** safeStorage.isEncryptionAvailable(), asked after needsPlainTextEncryption was acted on. */
  encryptionAvailable: boolean;
}

/** Linux without a keyring: safeStorage must be told to use its in-memory key before it encrypts. */
export function needsPlainTextEncryption(platform: NodeJS.Platform, backend: string | null): boolean {
  return platform === 'linux' && backend === 'basic_text';
}

/** How the desktop's SecretBox keeps the refresh token: sealed by safeStorage, or the plain owner-only file. */
export function secretStorageKind(facts: SafeStorageFacts): TokenStorage {
  if (!facts.encryptionAvailable) return 'owner-only-file';
  if (facts.platform !== 'linux') return 'encrypted';
  return facts.backend !== null && LINUX_KEYRINGS.has(facts.backend) ? 'encrypted' : 'plain-no-keyring';
}
