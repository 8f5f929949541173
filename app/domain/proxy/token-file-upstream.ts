import { readFileSync, statSync } from 'node:fs';
import { CredentialError, type Upstream, type UpstreamTarget } from './upstream';

/**
 * An inline `tokenFile` credential: the file is re-read whenever it changes, because such files
 * are usually rotated in place (projected service-account tokens, a sidecar that refreshes them).
 */
export class TokenFileUpstream implements Upstream {
  private token = '';
  private mtimeMs = -1;

  constructor(
    private readonly inner: Upstream,
    private readonly tokenFile: string,
  ) {}

  get server(): URL {
    return this.inner.server;
  }

  async target(): Promise<UpstreamTarget> {
    const target = await this.inner.target();
    return { ...target, headers: { ...target.headers, Authorization: `Bearer ${this.currentToken()}` } };
  }

  close(): void {
    this.inner.close();
  }

  private currentToken(): string {
    try {
      const { mtimeMs } = statSync(this.tokenFile);
      if (mtimeMs !== this.mtimeMs) {
        this.token = readFileSync(this.tokenFile, 'utf8').trim();
        this.mtimeMs = mtimeMs;
      }
    } catch (err) {
      throw new CredentialError(`token file ${this.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (this.token === '') throw new CredentialError(`token file ${this.tokenFile} is empty`);
    return this.token;
  }
}
