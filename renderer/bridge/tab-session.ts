/**
 * How this tab gets its browser-mode session (app/hosts/browser/browser-server.ts has the whole design): a
 * link token in the address bar is redeemed once at POST /session for a tab session; without one, a
 * reload uses the session this tab kept. Anything else is a refusal with the server's reason, which
 * the banner shows (retrying would not help: a link works once).
 */
import { hideTokenFromAddressBar, readLinkToken, rememberedSession, rememberSession } from './page-token';

export type TabSession = { kind: 'session'; token: string } | { kind: 'refused'; message: string };

/** Must match app/hosts/browser/browser-server.ts. */
const SESSION_PATH = '/session';
const LINK_HEADER = 'X-Gatehouse-Link';
const SESSION_HEADER = 'X-Gatehouse-Session';

export const NO_LINK_MESSAGE =
  'This page was opened without its link. Open the link `gatehouse ui --browser` printed (it works once, in one tab; reloading that tab keeps working).';

export const SESSION_UNKNOWN_MESSAGE =
  'This tab belongs to an earlier run of `gatehouse ui --browser` (it was restarted). Open the link it printed when it started again.';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

async function refusalText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not the server's JSON: say what we know
  }
  return `Gatehouse refused this link (HTTP ${response.status}).`;
}

/** The redemption's outcome; `spent` when the link had been redeemed already (HTTP 410). */
async function redeem(link: string, fetchFn: Fetch): Promise<TabSession | { kind: 'refused'; message: string; spent: boolean }> {
  let response: Response;
  try {
    response = await fetchFn(SESSION_PATH, { method: 'POST', headers: { [LINK_HEADER]: link }, cache: 'no-store', credentials: 'omit' });
  } catch {
    return { kind: 'refused', message: 'Cannot reach Gatehouse to open this link: check that `gatehouse ui --browser` is still running, then reload.' };
  }
  if (!response.ok) return { kind: 'refused', message: await refusalText(response), spent: response.status === 410 };
  const body = (await response.json().catch(() => null)) as { session?: unknown } | null;
  if (typeof body?.session !== 'string' || body.session === '') return { kind: 'refused', message: 'Gatehouse answered the link without a session.' };
  return { kind: 'session', token: body.session };
}

export async function obtainTabSession(fetchFn: Fetch = (input, init) => window.fetch(input, init)): Promise<TabSession> {
  const link = readLinkToken();
  if (link !== null) {
    const redeemed = await redeem(link, fetchFn);
    if (redeemed.kind === 'session') {
      rememberSession(redeemed.token);
      hideTokenFromAddressBar();
      return redeemed;
    }
    // The link was spent, perhaps by this very tab (the link was opened again in it): the tab's session still holds.
    const kept = 'spent' in redeemed && redeemed.spent ? rememberedSession() : null;
    if (kept !== null) {
      hideTokenFromAddressBar();
      return { kind: 'session', token: kept };
    }
    return { kind: 'refused', message: redeemed.message };
  }
  const kept = rememberedSession();
  return kept === null ? { kind: 'refused', message: NO_LINK_MESSAGE } : { kind: 'session', token: kept };
}

/**
 * After the websocket was refused or dropped: is this tab's session still known to the server? A
 * restarted server on the same port answers 401 (retrying would never work); a stopped one does not
 * answer at all (retrying will, once it is back).
 */
export async function sessionStatus(token: string, fetchFn: Fetch = (input, init) => window.fetch(input, init)): Promise<'known' | 'unknown' | 'unreachable'> {
  try {
    const response = await fetchFn(SESSION_PATH, { method: 'GET', headers: { [SESSION_HEADER]: token }, cache: 'no-store', credentials: 'omit' });
    if (response.status === 401) return 'unknown';
    return response.ok ? 'known' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
