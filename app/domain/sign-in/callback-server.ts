// The loopback redirect of a browser sign-in (RFC 8252 §7.3, as kubelogin and Pinniped do): an
// http server on 127.0.0.1 and a free port that takes exactly one valid callback, then closes.
//   - Only `GET /callback` with Host 127.0.0.1:<port> counts; other paths are 404 and a foreign
//     Host (DNS rebinding) is 403, and neither ends the sign-in.
//   - The `state` is compared first (in constant time): a wrong or missing one is a forged or
//     stale redirect and fails the sign-in, as does an `error` the IdP sent back.
//   - Then `exchange` redeems the code (openid-client, see browser-sign-in.ts); the page the
//     person sees says how that ended, so "signed in" on it is true.
// Nobody waiting on `done` yet is fine: its rejection is marked handled here, and still reaches
// whoever awaits it later.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatehouseError, messageOf } from '../../../shared/errors';
import { failedPage, plainPage, signedInPage, type Page } from './callback-pages';

export const CALLBACK_PATH = '/callback';
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface CallbackServerOptions<T> {
  expectedState: string;
  /** Who the person signs in at, for messages. */
  issuer: string;
  /** Redeems the callback (the redirect URI with the IdP's query); a failure is shown and fails the sign-in. */
  exchange: (callbackUrl: URL) => Promise<T>;
  timeoutMs?: number;
}

export interface CallbackServer<T> {
  /** `http://127.0.0.1:<port>/callback`: the redirect_uri of the authorization request. */
  redirectUri: string;
  done: Promise<T>;
  /** Ends the sign-in now (`done` rejects); the port closes. */
  cancel(): void;
}

function durationText(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${ms / 1000} s`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, answer: Page): void {
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

export async function startCallbackServer<T>(options: CallbackServerOptions<T>): Promise<CallbackServer<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  let phase: 'waiting' | 'exchanging' | 'over' = 'waiting';
  let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
  const done = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {});

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const redirectUri = `http://${host}${CALLBACK_PATH}`;

  const close = (): void => {
    server.close();
    server.closeIdleConnections();
  };
  const end = (outcome: { ok: true; value: T } | { ok: false; error: unknown }): void => {
    if (phase === 'over') return;
    phase = 'over';
    clearTimeout(timer);
    if (outcome.ok) settle.resolve(outcome.value);
    else settle.reject(outcome.error);
  };
  /** Answers, ends the sign-in and closes the port once the page is out. */
  const finish = (
    res: ServerResponse,
    answer: Page,
    outcome: { ok: true; value: T } | { ok: false; error: unknown },
  ): void => {
    res.once('finish', close);
    send(res, answer);
    end(outcome);
  };
  const refuse = (res: ServerResponse, error: GatehouseError): void =>
    finish(res, failedPage(error.message), { ok: false, error });

  const timer = setTimeout(() => {
    end({
      ok: false,
      error: new GatehouseError(
        'unavailable',
        `the sign-in at ${options.issuer} was not finished within ${durationText(timeoutMs)}: start it again`,
      ),
    });
    close();
  }, timeoutMs);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== host) return send(res, plainPage(403, `This address answers only as ${host}.`));
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname !== CALLBACK_PATH) return send(res, plainPage(404, 'Nothing here.'));
    if (req.method !== 'GET') return send(res, plainPage(405, 'Only GET is answered here.'));
    if (phase !== 'waiting') return send(res, plainPage(409, 'This sign-in is already finishing or over.'));

    const params = url.searchParams;
    if (!sameText(params.get('state') ?? '', options.expectedState)) {
      return refuse(
        res,
        new GatehouseError(
          'refused',
          `the sign-in at ${options.issuer} was refused: the answer's state does not match the sign-in Gatehouse started (a forged or stale redirect)`,
        ),
      );
    }
    const idpError = params.get('error');
    if (idpError !== null) {
      const description = params.get('error_description');
      const said = `${idpError}${description ? ` (${description})` : ''}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
      return refuse(
        res,
        new GatehouseError('refused', `the identity provider ${options.issuer} refused the sign-in: ${said}`),
      );
    }
    if (!params.get('code'))
      return refuse(
        res,
        new GatehouseError('refused', `the identity provider ${options.issuer} sent the person back without a code`),
      );

    phase = 'exchanging';
    options.exchange(new URL(`${redirectUri}${url.search}`)).then(
      (value) => {
        // Cancelled or timed out while the code was being redeemed: the page must not say "signed in".
        if (phase === 'over')
          finish(res, failedPage(`the sign-in at ${options.issuer} was cancelled`), { ok: true, value });
        else finish(res, signedInPage(), { ok: true, value });
      },
      (error: unknown) =>
        finish(
          res,
          failedPage(
            error instanceof GatehouseError
              ? error.message
              : `the sign-in at ${options.issuer} failed: ${messageOf(error)}`,
          ),
          { ok: false, error },
        ),
    );
  });

  return {
    redirectUri,
    done,
    cancel() {
      end({ ok: false, error: new GatehouseError('refused', `the sign-in at ${options.issuer} was cancelled`) });
      close();
    },
  };
}
