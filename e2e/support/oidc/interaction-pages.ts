// The provider's login and consent steps (its `interactions.url`), ours instead of its
// development-only pages: a sign-in page a person can use (and Playwright can drive by label and
// role: "Email", "Password", the "Sign in" button) that takes a login name and a password, then
// consent given automatically for whatever the client asked. Both end in
// provider.interactionFinished, exactly as a real deployment's login app does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { accountByCredentials, TEST_ACCOUNTS, type TestAccount } from './accounts';

const MAX_FORM_BYTES = 4096;
/** The one answer to a wrong login or a wrong password: never say which of the two was wrong. */
export const WRONG_CREDENTIALS = 'wrong login or password';
/** The page lists the demo people; a provider with thousands of generated ones lists the first few. */
const LISTED_ACCOUNTS = 12;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.error{color:#b00020;font-weight:600}
.accounts{font-size:.9rem;color:#444}.accounts code{font-size:.85rem}`;

/** A whole page around `body` (also the device flow's pages, see provider.ts). */
export function pageHtml(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function html(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(pageHtml(title, body));
}

/** The client's display name, as a real IdP shows who asks ("to continue to Gatehouse"). */
async function clientName(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return client?.clientName ?? String(clientId);
}

function loginForm(
  uid: string,
  accounts: readonly TestAccount[],
  client: string,
  problem?: { message: string; login: string },
): string {
  const listed = accounts
    .slice(0, LISTED_ACCOUNTS)
    .map((a) => `<li><code>${escapeHtml(a.login)}</code></li>`)
    .join('');
  const more = accounts.length > LISTED_ACCOUNTS ? `<li>and ${accounts.length - LISTED_ACCOUNTS} more</li>` : '';
  const error = problem ? `<p class="error" role="alert">${escapeHtml(problem.message)}</p>` : '';
  const value = problem ? ` value="${escapeHtml(problem.login)}"` : '';
  return `<p>to continue to <strong>${escapeHtml(client)}</strong></p>${error}
<form method="post" action="/interaction/${uid}/login">
<label for="email">Email</label><input id="email" name="login" type="text" inputmode="email" autocomplete="username" autocapitalize="none" spellcheck="false" required${value}${problem ? '' : ' autofocus'}>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required${problem ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>
<section class="accounts"><p>Test accounts of this provider (passwords: see the demo's output or e2e/support/oidc/accounts.ts):</p><ul>${listed}${more}</ul></section>`;
}

async function consent(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== 'string') throw new Error('consent without a signed-in account');
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
    grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  accounts: readonly TestAccount[] = TEST_ACCOUNTS,
): Promise<void> {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? '/', 'https://x').pathname);
  if (!match) return html(res, 404, 'Not found', '<p>no such page</p>');
  const [, uid = '', action] = match;
  if (req.method === 'GET' && !action) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent') return consent(provider, req, res);
    return html(res, 200, 'Sign in', loginForm(uid, accounts, await clientName(provider, details.params.client_id)));
  }
  if (req.method !== 'POST' || !action) return html(res, 405, 'Not allowed', '<p>method not allowed</p>');
  const form = await readForm(req);
  if (action === 'abort') {
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'the person cancelled sign-in' },
      { mergeWithLastSubmission: false },
    );
  }
  const login = form.get('login') ?? '';
  const account = accountByCredentials(login, form.get('password') ?? '', accounts);
  if (!account) {
    // The interaction must still exist (an expired one throws: "interaction failed" below).
    const details = await provider.interactionDetails(req, res);
    return html(
      res,
      200,
      'Sign in',
      loginForm(uid, accounts, await clientName(provider, details.params.client_id), {
        message: WRONG_CREDENTIALS,
        login,
      }),
    );
  }
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.sub } },
    { mergeWithLastSubmission: false },
  );
}
