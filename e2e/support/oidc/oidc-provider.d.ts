// oidc-provider ships no types: only the few members the test provider uses, typed as it uses them.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface InteractionDetails {
    uid: string;
    prompt: {
      name: string;
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
    };
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantClass {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface ClientClass {
    find(id: string): Promise<{ clientId: string; clientName?: string } | undefined>;
  }

  export interface KoaContext {
    body: unknown;
    type: string;
    oidc: { client?: { clientId: string } };
  }

  /** What a token endpoint event ('grant.success', 'grant.error') gets: the request's context. */
  export interface GrantContext {
    oidc: {
      params?: Record<string, unknown>;
      client?: { clientId: string };
      account?: { accountId: string };
      /** Its `jti` is the grant id (the same for a sign-in and its refreshes). */
      grant?: { jti?: string; accountId?: string };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    Grant: GrantClass;
    Client: ClientClass;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'grant.success', listener: (ctx: GrantContext) => void): this;
    on(event: 'grant.error', listener: (ctx: GrantContext, error: Error & { error?: unknown }) => void): this;
    on(event: 'grant.revoked', listener: (ctx: GrantContext, grantId: string) => void): this;
    on(event: string, listener: (ctx: unknown, error: Error) => void): this;
  }
}
