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
      const req = request(url, { method: 'GET', headers: { accept: 'application/json' }, ...(options.ca ? { ca: options.ca } : {}), timeout: options.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) req.destroy(new Error(`${url}: answer larger than ${options.maxBytes} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`${url}: HTTP ${res.statusCode}${res.headers.location ? ` (redirect to ${res.headers.location} not followed)` : ''}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error(`${url}: the answer is not JSON`));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${options.timeoutMs} ms`)));
      req.on('error', (error) => reject(error.message.startsWith(url) ? error : new Error(`${url}: ${error.message}`)));
      req.end();
    });
}
