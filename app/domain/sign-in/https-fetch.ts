// The one way sign-in talks to the network: a fetch (what openid-client calls through its
// `customFetch`, and what reads the gateway's /.well-known/gatehouse) built on node:https, so the
// trust is ours (trust.ts: the gateway pinned to its CA file) and never the process's
// (NODE_TLS_REJECT_UNAUTHORIZED is not consulted; certificates are always verified). Bounded:
// connecting and answering each have a deadline, the answer a size cap, and redirects are
// returned, never followed. A failure to reach the other side is a GatehouseError('unavailable')
// naming who and where, so it arrives as is however deep openid-client wrapped it.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { CustomFetch, CustomFetchOptions } from 'openid-client';
import { GatehouseError } from '../../../shared/errors';
import type { TrustedCas } from './trust';

export interface HttpsFetchOptions {
  /** Who answers, for messages: "the gateway", "the identity provider". */
  what: string;
  /** PEM certificates to trust; undefined: Node's default roots. */
  ca: TrustedCas;
  connectTimeoutMs?: number;
  /** From the connection until the whole answer has arrived. */
  responseTimeoutMs?: number;
  maxBytes?: number;
  /** Sees each request as it is sent (tests count calls to the token endpoint). */
  onRequest?: (request: { method: string; url: string; body: string | null }) => void;
}

export type HttpsFetch = CustomFetch;
export type HttpsFetchInit = CustomFetchOptions;

export const FETCH_DEFAULTS = { connectTimeoutMs: 15_000, responseTimeoutMs: 15_000, maxBytes: 1 << 20 } as const;

/** Bodies without content by definition (the Response constructor refuses one for these). */
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** Where, for a message: no query or fragment (they might carry something not meant for logs). */
export function whereOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function unreachable(what: string, where: string, detail: string): GatehouseError {
  return new GatehouseError('unavailable', `cannot reach ${what} ${where}: ${detail}`);
}

function detailOf(error: NodeJS.ErrnoException): string {
  const code = error.code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

async function bodyBytes(body: CustomFetchOptions['body']): Promise<Buffer | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

export function httpsFetch(options: HttpsFetchOptions): HttpsFetch {
  const connectTimeoutMs = options.connectTimeoutMs ?? FETCH_DEFAULTS.connectTimeoutMs;
  const responseTimeoutMs = options.responseTimeoutMs ?? FETCH_DEFAULTS.responseTimeoutMs;
  const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;

  return async (input, init) => {
    const url = new URL(input);
    const where = whereOf(url);
    if (url.protocol !== 'https:') throw new GatehouseError('usage', `${options.what} ${where}: only https:// is used`);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = await bodyBytes(init?.body);
    const signal = init?.signal;
    signal?.throwIfAborted();
    options.onRequest?.({ method, url: url.href, body: body?.toString('utf8') ?? null });

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: { ok: true; value: Response } | { ok: false; error: unknown }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (outcome.ok) resolve(outcome.value);
        else {
          req.destroy();
          reject(outcome.error);
        }
      };
      const fail = (error: unknown): void => finish({ ok: false, error });
      // The caller's own deadline or cancel (openid-client's timeout, a cancelled device flow).
      const onAbort = (): void => fail(signal?.reason ?? new DOMException('aborted', 'AbortError'));
      const deadline = (ms: number, phase: string): void => {
        clearTimeout(timer);
        timer = setTimeout(() => fail(unreachable(options.what, where, `${phase} within ${ms / 1000} s`)), ms);
      };

      const headers: Record<string, string> = { ...init?.headers };
      if (body !== null) headers['content-length'] = String(body.length);
      // rejectUnauthorized explicitly: Node's default would follow NODE_TLS_REJECT_UNAUTHORIZED.
      // agent: false: one connection per request, so "connected" always means this request's TLS
      // handshake, and nothing lingers (sign-in talks rarely: a token request every few minutes).
      const req = request(
        url,
        { method, headers, agent: false, rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) fail(unreachable(options.what, where, `answer larger than ${maxBytes} bytes`));
            else chunks.push(chunk);
          });
          res.on('error', (error) => fail(unreachable(options.what, where, detailOf(error))));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            try {
              const content = NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks);
              finish({
                ok: true,
                value: new Response(content, {
                  status,
                  statusText: res.statusMessage ?? '',
                  headers: headersOf(res.headers),
                }),
              });
            } catch {
              fail(unreachable(options.what, where, `answered an invalid HTTP status ${status}`));
            }
          });
        },
      );
      req.on('socket', (socket: TLSSocket) => {
        deadline(connectTimeoutMs, 'no connection');
        socket.once('secureConnect', () => deadline(responseTimeoutMs, 'no answer'));
      });
      req.on('error', (error) => fail(unreachable(options.what, where, detailOf(error))));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.end(body ?? undefined);
    });
  };
}
