// How the refresh token is kept at rest (SPEC §10): sealed by a SecretBox. The CLI and the agent
// have the plain box: the file is owner-only (0600) and that is the protection, said as
// 'owner-only-file'. The Electron shell brings a box built on safeStorage ('encrypted', or
// 'plain-no-keyring' where Linux has no secret service); a file sealed by a box this process
// does not have cannot be opened here, and that is said plainly (session-file.ts).
import type { TokenStorage } from '../../../shared/api';

export interface SecretBox {
  /** What the file records, and what settings show the person. */
  storage: TokenStorage;
  seal(text: string): string;
  /** Throws when `sealed` was not sealed by this box (or this OS user's keychain). */
  open(sealed: string): string;
}

export const plainBox: SecretBox = {
  storage: 'owner-only-file',
  seal: (text) => text,
  open: (sealed) => sealed,
};
