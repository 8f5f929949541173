// One local token per user and resource (SPEC §4), created once and kept in app data with mode
// 0600; rotation replaces it, after which the old token is refused.
import { statSync } from 'node:fs';
import { newLocalToken } from '../../domain/proxy/local-auth';
import { readJsonFile, writeJsonFile } from './json-file';

type Tokens = Record<string, string>;

/**
 * Every proxied request asks for the token, so the file is read only when it changed (a rotation
 * by another process — the CLI — must apply to the agent's next request).
 */
export class TokenStore {
  private cached: { stamp: string; tokens: Tokens } | null = null;

  constructor(private readonly file: string) {}

  private read(): Tokens {
    let stamp = 'missing';
    try {
      const st = statSync(this.file);
      stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      // no file yet: the empty state
    }
    if (this.cached?.stamp !== stamp) this.cached = { stamp, tokens: readJsonFile<Tokens>(this.file, {}) };
    return this.cached.tokens;
  }

  private key(user: string, resource: string): string {
    return `${user.toLowerCase()}/${resource}`;
  }

  /** The token for user+resource, created on first use. */
  get(user: string, resource: string): string {
    const tokens = this.read();
    const existing = tokens[this.key(user, resource)];
    if (existing) return existing;
    return this.rotate(user, resource);
  }

  rotate(user: string, resource: string): string {
    const tokens = { ...readJsonFile<Tokens>(this.file, {}), [this.key(user, resource)]: newLocalToken() };
    writeJsonFile(this.file, tokens);
    this.cached = null;
    return tokens[this.key(user, resource)]!;
  }
}
