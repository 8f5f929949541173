// The provider's login and consent steps (its `interactions.url`), ours instead of its
// development-only pages: a form that takes a login name (no password: these are test accounts),
// then consent given automatically for whatever the client asked. Both end in
// provider.interactionFinished, exactly as a real deployment's login app does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import { accountByLogin, TEST_ACCOUNTS, type TestAccount } from './accounts';

const MAX_FORM_BYTES = 4096;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>${body}</body></html>`);
}

function loginForm(uid: string, accounts: readonly TestAccount[], problem?: string): string {
  const options = accounts.map((a) => `<li>${a.login}</li>`).join('');
  return `<h1>Sign in</h1>${problem ? `<p class="error">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}/login"><input name="login" autofocus><button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>
<ul>${options}</ul>`;
}

async function consent(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== 'string') throw new Error('consent without a signed-in account');
  const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

export async function handleInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, accounts: readonly TestAccount[] = TEST_ACCOUNTS): Promise<void> {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? '/', 'https://x').pathname);
  if (!match) return html(res, 404, '<p>no such page</p>');
  const [, uid = '', action] = match;
  if (req.method === 'GET' && !action) {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent') return consent(provider, req, res);
    return html(res, 200, loginForm(uid, accounts));
  }
  if (req.method !== 'POST' || !action) return html(res, 405, '<p>method not allowed</p>');
  const form = await readForm(req);
  if (action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person cancelled sign-in' }, { mergeWithLastSubmission: false });
  }
  const account = accountByLogin(form.get('login') ?? '', accounts);
  if (!account) return html(res, 200, loginForm(uid, accounts, 'unknown login'));
  return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
}
