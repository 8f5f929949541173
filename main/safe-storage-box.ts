// The desktop's SecretBox (SPEC §10): the refresh token sealed by Electron's safeStorage, base64 in
// the session file. Which protection that is on this machine is decided, and tested, in
// app/hosts/desktop/secret-storage.ts; this file only asks Electron and calls it. Built after the
// app is ready (safeStorage answers nothing useful before).
//
// The synchronous encryptString/decryptString are deprecated in favour of the async ones, but the
// core's SecretBox is synchronous (the session file is read and written in one go, also by the
// CLI), and the sync calls remain supported in this Electron.
import { safeStorage } from 'electron';
import { needsPlainTextEncryption, secretStorageKind } from '../app/hosts/desktop/secret-storage';
import { plainBox, type SecretBox } from '../app/services/gateway-session';

export function safeStorageBox(): SecretBox {
  const platform = process.platform;
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  if (needsPlainTextEncryption(platform, backend)) safeStorage.setUsePlainTextEncryption(true);
  const storage = secretStorageKind({ platform, backend, encryptionAvailable: safeStorage.isEncryptionAvailable() });
  if (storage === 'owner-only-file') return plainBox;
  return {
    storage,
    seal: (text) => safeStorage.encryptString(text).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
