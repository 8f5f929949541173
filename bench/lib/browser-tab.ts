// One browser tab on browser mode, as the page itself does it (app/hosts/browser/browser-server.ts):
// load the page, redeem the printed one-time link for a tab session (POST /session), open the API
// websocket with that session as a subprotocol and subscribe to events. Browser mode in use has a
// tab open, so its memory is measured with one.
import { WebSocket } from 'ws';
import { API_SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../shared/wire';

export interface BrowserTab {
  close(): void;
}

export async function openBrowserTab(link: string): Promise<BrowserTab> {
  const url = new URL(link);
  const token = url.searchParams.get('token');
  if (!token) throw new Error(`browser mode printed a link without a token: ${link}`);
  const page = await fetch(new URL('/', url));
  if (!page.ok) throw new Error(`browser mode: GET / answered ${page.status}`);
  await page.text();
  const redeemed = await fetch(new URL('/session', url), {
    method: 'POST',
    headers: { Origin: url.origin, 'X-Gatehouse-Link': token },
  });
  if (!redeemed.ok) throw new Error(`browser mode: POST /session answered ${redeemed.status}`);
  const { session } = (await redeemed.json()) as { session: string };
  const ws = new WebSocket(`ws://${url.host}/api`, [API_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${session}`], {
    origin: url.origin,
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ kind: 'subscribe' }));
  return { close: () => ws.close() };
}
