// Which protection the desktop claims for the refresh token, from what Electron's safeStorage says.
import { describe, expect, it } from 'vitest';
import type { TokenStorage } from '../../../shared/api';
import { needsPlainTextEncryption, secretStorageKind, type SafeStorageFacts } from './secret-storage';

describe('secret storage on safeStorage', () => {
  const table: [SafeStorageFacts, TokenStorage][] = [
    [{ platform: 'darwin', backend: null, encryptionAvailable: true }, 'encrypted'],
    [{ platform: 'win32', backend: null, encryptionAvailable: true }, 'encrypted'],
    [{ platform: 'linux', backend: 'gnome_libsecret', encryptionAvailable: true }, 'encrypted'],
    [{ platform: 'linux', backend: 'kwallet', encryptionAvailable: true }, 'encrypted'],
    [{ platform: 'linux', backend: 'kwallet5', encryptionAvailable: true }, 'encrypted'],
    [{ platform: 'linux', backend: 'kwallet6', encryptionAvailable: true }, 'encrypted'],
    // No keyring: safeStorage's hard-coded key, said as a warning.
    [{ platform: 'linux', backend: 'basic_text', encryptionAvailable: true }, 'plain-no-keyring'],
    // Never claimed as encrypted without a named keyring.
    [{ platform: 'linux', backend: 'unknown', encryptionAvailable: true }, 'plain-no-keyring'],
    [{ platform: 'linux', backend: 'some_future_store', encryptionAvailable: true }, 'plain-no-keyring'],
    [{ platform: 'linux', backend: null, encryptionAvailable: true }, 'plain-no-keyring'],
    // No encryption at all: the owner-only file, as the CLI keeps it.
    [{ platform: 'darwin', backend: null, encryptionAvailable: false }, 'owner-only-file'],
    [{ platform: 'win32', backend: null, encryptionAvailable: false }, 'owner-only-file'],
    [{ platform: 'linux', backend: 'gnome_libsecret', encryptionAvailable: false }, 'owner-only-file'],
    [{ platform: 'linux', backend: 'basic_text', encryptionAvailable: false }, 'owner-only-file'],
  ];
  it.each(table)('%j → %s', (facts, storage) => {
    expect(secretStorageKind(facts)).toBe(storage);
  });

  const plainText: [NodeJS.Platform, string | null, boolean][] = [
    ['linux', 'basic_text', true],
    ['linux', 'gnome_libsecret', false],
    ['linux', 'kwallet6', false],
    ['linux', 'unknown', false],
    ['darwin', null, false],
    ['win32', null, false],
    ['darwin', 'basic_text', false],
  ];
  it.each(plainText)('safeStorage told to use its own key on %s with %s: %s', (platform, backend, expected) => {
    expect(needsPlainTextEncryption(platform, backend)).toBe(expected);
  });
});
