// What a gateway tells a desktop before sign-in (GET /.well-known/gatehouse, SPEC §10; the gateway
// side is app/hosts/gateway/routes.ts): the IdP to sign in at, as which client, with which scopes,
// and which ID token claim names the person. The person only types the gateway URL; a URL that
// is not a gateway gets an answer that says so, not a JSON or zod error.
import { z } from 'zod';
import { GatehouseError } from '../../../shared/errors';
import { parseGatewayUrl } from './gateway-url';
import { httpsFetch, type HttpsFetch } from './https-fetch';
import { gatewayTrust } from './trust';

export const WELL_KNOWN_PATH = '/.well-known/gatehouse';

const text = z.string().trim().min(1, 'must be a non-empty string');

/** Loose: a newer gateway may say more; only what sign-in relies on is checked. */
const gatewayInfoSchema = z.looseObject({
  issuer: text.refine((v) => URL.canParse(v) && v.startsWith('https://'), 'must be an https:// URL'),
  clientId: text,
  scopes: z.array(text).refine((v) => v.includes('openid'), 'must include "openid"'),
  usernameClaim: text,
  groupsClaim: text.nullable(),
  kubernetesPathPrefix: text.refine((v) => v.startsWith('/') && v.endsWith('/'), 'must be a path like /k8s/'),
  version: z.string(),
});

export interface GatewayInfo {
  issuer: string;
  clientId: string;
  scopes: string[];
  usernameClaim: string;
  groupsClaim: string | null;
  kubernetesPathPrefix: string;
  version: string;
}

function notAGateway(gateway: string, why: string): GatehouseError {
  return new GatehouseError('not-found', `${gateway} is not a Gatehouse gateway: ${WELL_KNOWN_PATH} ${why}`);
}

/** Checks a parsed /.well-known/gatehouse document; `gateway` names where it came from. */
export function parseGatewayInfo(gateway: string, document: unknown): GatewayInfo {
  const parsed = gatewayInfoSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'the answer';
    throw notAGateway(gateway, `answered no usable sign-in document (${field}: ${issue?.message ?? 'invalid'})`);
  }
  const { issuer, clientId, scopes, usernameClaim, groupsClaim, kubernetesPathPrefix, version } = parsed.data;
  return { issuer, clientId, scopes, usernameClaim, groupsClaim, kubernetesPathPrefix, version };
}

export interface ReadGatewayInfoOptions {
  /** Defaults to an https fetch trusting only `caPem` (or the system roots without it). */
  fetch?: HttpsFetch;
}

/**
 * The gateway's sign-in document. `url` is what the person typed (validated here: a usage error
 * for anything but https://host[:port]); `caPem` pins the gateway's CA when given.
 */
export async function readGatewayInfo(
  url: string,
  caPem: string | null,
  options: ReadGatewayInfoOptions = {},
): Promise<{ gateway: string; info: GatewayInfo }> {
  const gateway = parseGatewayUrl(url);
  const fetch = options.fetch ?? httpsFetch({ what: 'the gateway', ca: gatewayTrust(caPem) });
  const res = await fetch(`${gateway}${WELL_KNOWN_PATH}`, {
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
    redirect: 'manual',
  });
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers.get('location');
    throw notAGateway(
      gateway,
      `redirects${location ? ` to ${location.slice(0, 200)}` : ''} (not followed: give the gateway's own URL)`,
    );
  }
  if (res.status >= 500)
    throw new GatehouseError(
      'unavailable',
      `the gateway ${gateway} answered HTTP ${res.status} for ${WELL_KNOWN_PATH}`,
    );
  if (res.status !== 200) throw notAGateway(gateway, `answered HTTP ${res.status}`);
  let document: unknown;
  try {
    document = JSON.parse(await res.text());
  } catch {
    throw notAGateway(gateway, 'answered something that is not JSON');
  }
  return { gateway, info: parseGatewayInfo(gateway, document) };
}
