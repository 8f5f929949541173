// The gateway's own API as the desktop uses it (SPEC §10): GET /v1/me and the admin views, as the
// signed-in person (their ID token as bearer), over HTTPS with the gateway's CA pinned when one was
// given. A refusal keeps the gateway's own message (a Kubernetes Status) and becomes the kind that
// says what to do: 401 → not-signed-in (sign in again), 403 → refused, 404 → not-found; no answer
// at all → unavailable, naming the gateway. The token never appears in a message.
import { request } from 'node:https';
import { GatehouseError, type ErrorKind } from '../../../shared/errors';

export interface GatewayEndpoint {
  /** `https://host[:port]`. */
  url: string;
  /** PEM of the CA(s) to trust for it instead of the system's; null = the system's. */
  caPem: string | null;
}

const TIMEOUT_MS = 15_000;
/** An admin report (a can-i matrix over many users) can be large; nothing the gateway sends is larger. */
const MAX_BYTES = 32 * 1024 * 1024;

function kindOfStatus(code: number): ErrorKind {
  if (code === 401) return 'not-signed-in';
  if (code === 403) return 'refused';
  if (code === 404) return 'not-found';
  if (code === 400) return 'usage';
  return 'unavailable';
}

/** The Status message of a refusal, cut short; else the HTTP code. */
function refusalMessage(code: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string' && parsed.message !== '') return parsed.message.slice(0, 500);
  } catch {
    // not JSON: say the code
  }
  return `HTTP ${code}`;
}

/** GET `path` (with its query) from the gateway as the bearer of `token`; the parsed JSON body. */
export function getFromGateway(endpoint: GatewayEndpoint, path: string, token: string): Promise<unknown> {
  const url = new URL(path, endpoint.url);
  const where = `the gateway ${endpoint.url}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: GatehouseError): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(err);
    };
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
        ...(endpoint.caPem === null ? {} : { ca: endpoint.caPem }),
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES)
            fail(new GatehouseError('unavailable', `${where}: ${url.pathname} answered more than ${MAX_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new GatehouseError('unavailable', `${where}: ${url.pathname}: ${err.message}`)));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          const body = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code !== 200) {
            reject(new GatehouseError(kindOfStatus(code), refusalMessage(code, body)));
            return;
          }
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new GatehouseError('unavailable', `${where}: ${url.pathname} answered something that is not JSON`));
          }
        });
      },
    );
    req.on('timeout', () =>
      fail(new GatehouseError('unavailable', `cannot reach ${where}: no answer within ${TIMEOUT_MS / 1000} s`)),
    );
    req.on('error', (err: Error & { code?: string }) =>
      fail(
        new GatehouseError(
          'unavailable',
          `cannot reach ${where}: ${err.code ?? ''} ${err.message}`.replace(/\s+/g, ' '),
        ),
      ),
    );
    req.end();
  });
}
