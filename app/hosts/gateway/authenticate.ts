// Who sent a gateway request (SPEC §10): the ID token (Authorization: Bearer, or for websocket
// clients that cannot set headers the `base64url.bearer.authorization.k8s.io.` subprotocol) is
// verified by the OIDC verifier; the person is its username claim, who must be an org user. Used
// by admission (/k8s/…) and by the gateway's own API (/v1/me, admin). Refusals never quote the
// token: the verifier's messages are about claims, cut short.
import type { ClientRequest } from '../../domain/proxy/client-messages';
import { emailProblem } from '../../../shared/roles';
import type { Org, UserIdentity } from '../../../shared/org';
import { presentedCredential } from '../../domain/proxy/local-auth';
import type { OidcIdentity } from '../../domain/oidc/claims';
import type { OidcVerifier } from '../../domain/oidc/verifier';
import type { TokenFailureReason } from '../../domain/oidc/rejection';
import { personIdentity } from './person';

export type Authenticated = { ok: true; oidc: OidcIdentity; remainingSubprotocols: string | null };
export type AuthRefusal = { ok: false; code: 401 | 403; message: string; headers?: Record<string, string> };

/** RFC 6750 §3: no error code when no token was sent, `invalid_token` otherwise. */
function challenge(reason: TokenFailureReason): Record<string, string> {
  return { 'www-authenticate': reason === 'missing' ? 'Bearer realm="gatehouse"' : 'Bearer realm="gatehouse", error="invalid_token"' };
}

function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
}

export class Authenticator {
  constructor(
    private readonly verifier: OidcVerifier,
    private readonly onFailure: (reason: TokenFailureReason) => void,
  ) {}

  /** The verified token, or a 401 with WWW-Authenticate saying why. */
  async token(req: ClientRequest): Promise<Authenticated | AuthRefusal> {
    const subprotocolHeader = req.headers['sec-websocket-protocol'];
    const subprotocols = Array.isArray(subprotocolHeader) ? subprotocolHeader.join(', ') : subprotocolHeader;
    const presented = presentedCredential(undefined, subprotocols);
    const outcome =
      req.headers.authorization === undefined && presented.token !== null ? await this.verifier.verifyToken(presented.token) : await this.verifier.verifyAuthorization(req.headers.authorization);
    if (!outcome.ok) {
      this.onFailure(outcome.rejection.reason);
      return { ok: false, code: 401, message: `gatehouse gateway: ${outcome.rejection.message}; sign in again (gatehouse login)`, headers: challenge(outcome.rejection.reason) };
    }
    return { ok: true, oidc: outcome.identity, remainingSubprotocols: presented.remainingSubprotocols };
  }

  /** The person the token names, as the org has them now (roles from the groups claim added). */
  person(org: Org, oidc: OidcIdentity): { ok: true; identity: UserIdentity } | AuthRefusal {
    const identity = personIdentity(org, oidc.username, oidc.groups);
    if (!identity) return { ok: false, code: 403, message: `gatehouse gateway: ${quoted(oidc.username)} is signed in but is not a user of the organisation` };
    const problem = emailProblem(identity.email);
    if (problem) return { ok: false, code: 403, message: `gatehouse gateway: ${quoted(identity.email)} cannot be impersonated: ${problem}` };
    return { ok: true, identity };
  }
}
