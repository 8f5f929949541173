// Who the proxy acts as. Kept behind this small interface (SPEC §9): today the org file says who
// the signed-in person is; later a gateway will learn it from an SSO token.

export interface ImpersonatedIdentity {
  /** Sent as Impersonate-User: the person's email. */
  user: string;
  /** Sent as one Impersonate-Group each; includes system:authenticated. */
  groups: readonly string[];
}

export interface IdentitySource {
  /** The identity for the next request; read per request so org changes apply without restart. */
  current(): ImpersonatedIdentity;
}

export function fixedIdentity(identity: ImpersonatedIdentity): IdentitySource {
  return { current: () => identity };
}
