// The pages the person's browser shows at the end of a browser sign-in (the loopback redirect):
// tiny, self-contained, never a token, and locked down (no scripts, no framing, no referrer: the
// URL of the page carried the authorization code).

export const SIGNED_IN_TEXT = 'Signed in to Gatehouse — you can close this tab';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // One request per connection: once the sign-in is over, nothing is left listening.
  connection: 'close',
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Page {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function page(status: number, title: string, text: string): Page {
  const body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font:16px system-ui,sans-serif;margin:4em auto;max-width:36em;padding:0 1em}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return { status, headers: { ...HEADERS }, body };
}

export const signedInPage = (): Page => page(200, 'Gatehouse', SIGNED_IN_TEXT);

/** The sign-in ended here without success; `why` is a GatehouseError message (never a secret). */
export const failedPage = (why: string): Page =>
  page(400, 'Gatehouse sign-in failed', `${why}. Start the sign-in again from Gatehouse.`);

/** Answers that leave the sign-in going (a stray request, a probe, a rebinding attempt). */
export const plainPage = (status: number, text: string): Page => page(status, 'Gatehouse', text);
