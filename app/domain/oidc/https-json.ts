// GET a JSON document from the issuer (discovery, JWKS): HTTPS only, the issuer's private CA when
// configured (then only it is trusted), bounded in time and size, no redirects followed.
import { request } from 'node:https';

export interface FetchJsonOptions {
  /** PEM of the CA(s) to trust instead of the system's. */
  ca?: string;
  timeoutMs: number;
  maxBytes: number;
}

export type FetchJson = (url: string) => Promise<unknown>;

export function httpsJsonFetcher(options: FetchJsonOptions): FetchJson {
  return (url) =>
    new Promise((resolve, reject) => {
      if (!url.startsWith('https://')) {
        reject(new Error(`${url}: only https:// URLs are fetched`));
        return;
      }
      let settled = false;
      // The first outcome wins; whatever the torn-down request emits afterwards is ignored.
      const fail = (message: string): void => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(new Error(`${url}: ${message}`));
      };
      const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, ...(options.ca ? { ca: options.ca } : {}), timeout: options.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) fail(`answer larger than ${options.maxBytes} bytes`);
          else chunks.push(chunk);
        });
        res.on('error', (error) => fail(error.message));
        res.on('end', () => {
          if (settled) return;
          if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}${res.headers.location ? ` (redirect to ${res.headers.location} not followed)` : ''}`);
          let value: unknown;
          try {
            value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return fail('the answer is not JSON');
          }
          settled = true;
          resolve(value);
        });
      });
      req.on('timeout', () => fail(`no answer within ${options.timeoutMs} ms`));
      req.on('error', (error) => fail(error.message));
      req.end();
    });
}
