// OpenID Connect Discovery 1.0 §4: the issuer's metadata, where its keys are. The document must
// name exactly the configured issuer (§4.3): a mismatch is a misconfiguration or an impostor.
import type { FetchJson } from './https-json';

export interface IssuerMetadata {
  issuer: string;
  jwksUri: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Throws with what is wrong; `issuer` is the configured one. */
export function parseDiscovery(issuer: string, document: unknown): IssuerMetadata {
  const where = discoveryUrl(issuer);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new Error(`${where}: not a JSON object`);
  const doc = document as Record<string, unknown>;
  if (doc.issuer !== issuer) throw new Error(`${where}: names issuer ${JSON.stringify(doc.issuer)}, not the configured ${JSON.stringify(issuer)} (they must be equal, character for character)`);
  if (typeof doc.jwks_uri !== 'string' || !doc.jwks_uri.startsWith('https://')) throw new Error(`${where}: jwks_uri ${JSON.stringify(doc.jwks_uri)} is not an https:// URL`);
  return { issuer, jwksUri: doc.jwks_uri };
}

export async function discover(issuer: string, fetchJson: FetchJson): Promise<IssuerMetadata> {
  return parseDiscovery(issuer, await fetchJson(discoveryUrl(issuer)));
}
