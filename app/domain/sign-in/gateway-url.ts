// The gateway URL a person types (`gatehouse login --gateway URL`, the sign-in screen): one
// origin, `https://host[:port]`, because everything the desktop needs hangs off it at fixed
// paths (/.well-known/gatehouse, /v1/me, /k8s/<resource>). A path, query or fragment would be
// silently dropped or misjoined later, and userinfo is a classic phishing disguise
// (https://gateway.corp@evil.example), so all are refused here with what to type instead.
import { GatehouseError } from '../../../shared/errors';

function refuse(text: string, why: string): GatehouseError {
  return new GatehouseError(
    'usage',
    `gateway URL ${JSON.stringify(text.slice(0, 200))}: ${why}; expected https://host[:port]`,
  );
}

/** The gateway's origin, `https://host[:port]` (default port dropped, host lower-cased), or a usage error. */
export function parseGatewayUrl(text: string): string {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw refuse(text, 'not a URL');
  }
  if (url.protocol !== 'https:') throw refuse(text, `${url.protocol.replace(/:$/, '')} is not https`);
  if (url.username !== '' || url.password !== '')
    throw refuse(text, 'a user name or password in the URL is not allowed');
  if (url.hostname === '') throw refuse(text, 'no host');
  if (url.pathname !== '/') throw refuse(text, `a path (${url.pathname}) is not allowed`);
  // `new URL` keeps an empty "?" or "#" only as a flag in the text, not in search/hash.
  if (url.search !== '' || /\?/.test(trimmed)) throw refuse(text, 'a query is not allowed');
  if (url.hash !== '' || /#/.test(trimmed)) throw refuse(text, 'a fragment is not allowed');
  return url.origin;
}
