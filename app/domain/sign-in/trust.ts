// Whom a sign-in trusts (SPEC §10). The gateway: exactly the CA(s) the person gave (`--ca`), so a
// gateway behind a private CA is pinned and nothing else can pose as it; without a CA file, the
// system's roots. The identity provider: the system's roots *plus* that same file, because the
// IdP usually has a public certificate while the gateway does not, and a test or in-house IdP may
// sit behind a private CA that the same bundle carries.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { GatehouseError } from '../../../shared/errors';

/** What Node's https `ca` option takes; `undefined` leaves Node's default roots in place. */
export type TrustedCas = string[] | undefined;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle; a bundle with none is a mistake worth naming. */
export function certificatesOf(pem: string, where: string): string[] {
  const certs = pem.match(PEM_CERTIFICATE) ?? [];
  if (certs.length === 0)
    throw new GatehouseError('usage', `${where}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
  return certs;
}

export function gatewayTrust(caPem: string | null): TrustedCas {
  return caPem === null ? undefined : certificatesOf(caPem, 'the gateway CA file');
}

/**
 * Node drops its default roots, NODE_EXTRA_CA_CERTS included, as soon as `ca` is given: so the
 * IdP's list is rebuilt from both, then the person's file.
 */
export function identityProviderTrust(caPem: string | null, env: NodeJS.ProcessEnv = process.env): TrustedCas {
  if (caPem === null) return undefined;
  return [...rootCertificates, ...extraCaCertificates(env), ...certificatesOf(caPem, 'the gateway CA file')];
}

function extraCaCertificates(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').match(PEM_CERTIFICATE) ?? [];
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we (by not using it).
    return [];
  }
}
