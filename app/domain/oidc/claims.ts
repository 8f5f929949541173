// The decisions on a verified token's payload: is it for us (issuer, audience), is it valid now
// (exp, nbf, iat, with a small clock skew), and who is it (username claim, groups claim). Pure:
// the clock is an argument. Mirrors the Kubernetes API server's OIDC authenticator, which is what
// the people's tokens would meet if they went to the cluster directly.
import { isRejection, quoted, reject, type TokenRejection } from './rejection';

export interface ClaimRules {
  issuer: string;
  clientId: string;
  /** Default `email`; then `email_verified: false` refuses the token. */
  usernameClaim: string;
  /** The IdP's groups; none when unset. */
  groupsClaim?: string;
  clockSkewSeconds: number;
}

export interface OidcIdentity {
  /** The person: the username claim's value, exactly as the IdP wrote it. */
  username: string;
  /** The groups claim's values ([] when unset or absent). */
  groups: string[];
  /** `sub`, for logs that want the IdP's own id. */
  subject?: string;
  /** When the token stops being accepted (its `exp`, without the skew). */
  expiresAt: Date;
}

function numericDate(payload: Record<string, unknown>, claim: string): number | undefined | TokenRejection {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return reject('malformed', `claim ${claim} is not a number of seconds`);
  return value;
}

function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/** `nowSeconds`: seconds since the epoch (may be fractional). */
export function checkClaims(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): OidcIdentity | TokenRejection {
  if (payload.iss !== rules.issuer) return reject('wrong-issuer', `issuer ${quoted(payload.iss)} is not ${quoted(rules.issuer)}`);

  const aud = payload.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) && aud.every((a) => typeof a === 'string') ? (aud as string[]) : undefined;
  if (!audiences) return reject('wrong-audience', 'the token has no audience');
  if (!audiences.includes(rules.clientId)) return reject('wrong-audience', `audience ${quoted(aud)} does not include ${quoted(rules.clientId)}`);
  // OIDC Core §2: with several audiences, azp names the party the token was issued to.
  if (audiences.length > 1 && payload.azp !== undefined && payload.azp !== rules.clientId) {
    return reject('wrong-audience', `authorized party ${quoted(payload.azp)} is not ${quoted(rules.clientId)}`);
  }
  // Keycloak marks its tokens in the payload: ID, Bearer (access), Refresh, Logout…
  if (payload.typ !== undefined && payload.typ !== 'ID') return reject('wrong-type', `token type ${quoted(payload.typ)} is not an ID token`);

  const exp = numericDate(payload, 'exp');
  if (isRejection(exp)) return exp;
  const nbf = numericDate(payload, 'nbf');
  if (isRejection(nbf)) return nbf;
  const iat = numericDate(payload, 'iat');
  if (isRejection(iat)) return iat;
  if (exp === undefined) return reject('malformed', 'the token has no expiry (exp)');
  const skew = rules.clockSkewSeconds;
  if (exp + skew <= nowSeconds) return reject('expired', `the token expired at ${isoSeconds(exp)}`);
  if (nbf !== undefined && nbf - skew > nowSeconds) return reject('not-yet-valid', `the token is not valid before ${isoSeconds(nbf)}`);
  if (iat !== undefined && iat - skew > nowSeconds) return reject('not-yet-valid', `the token was issued in the future (${isoSeconds(iat)})`);

  if (rules.usernameClaim === 'email' && payload.email_verified !== undefined && payload.email_verified !== true) {
    return reject('unverified-email', `the issuer says the email ${quoted(payload.email)} is not verified`);
  }
  const username = payload[rules.usernameClaim];
  if (typeof username !== 'string' || username.trim() === '') return reject('no-username', `the token has no ${quoted(rules.usernameClaim)} claim (the username)`);

  let groups: string[] = [];
  if (rules.groupsClaim) {
    const raw = payload[rules.groupsClaim];
    if (typeof raw === 'string') groups = [raw];
    else if (Array.isArray(raw) && raw.every((g) => typeof g === 'string')) groups = raw as string[];
    else if (raw !== undefined) return reject('malformed', `claim ${quoted(rules.groupsClaim)} is not a list of strings`);
  }
  const subject = typeof payload.sub === 'string' ? payload.sub : undefined;
  return { username, groups, ...(subject ? { subject } : {}), expiresAt: new Date(exp * 1000) };
}
