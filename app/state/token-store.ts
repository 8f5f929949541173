// One local token per user and resource (SPEC §4), created once and kept in app data with mode
// 0600; rotation replaces it, after which the old token is refused.
import { newLocalToken } from '../proxy/local-auth';
import { readJsonFile, writeJsonFile } from './json-file';

type Tokens = Record<string, string>;

export class TokenStore {
  constructor(private readonly file: string) {}

  private key(user: string, resource: string): string {
    return `${user.toLowerCase()}/${resource}`;
  }

  /** The token for user+resource, created on first use. */
  get(user: string, resource: string): string {
    const tokens = readJsonFile<Tokens>(this.file, {});
    const existing = tokens[this.key(user, resource)];
    if (existing) return existing;
    return this.rotate(user, resource);
  }

  rotate(user: string, resource: string): string {
    const tokens = readJsonFile<Tokens>(this.file, {});
    const token = newLocalToken();
    tokens[this.key(user, resource)] = token;
    writeJsonFile(this.file, tokens);
    return token;
  }
}
