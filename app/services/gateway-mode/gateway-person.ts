// The person as the gateway's /v1/me says (app/hosts/gateway/routes.ts): checked once where it
// enters, so the rest of the desktop works with the contract's Identity and never with a guess.
import { z } from 'zod';
import type { Identity } from '../../../shared/api';
import { GatehouseError } from '../../../shared/errors';
import { resourceIdentitySchema } from '../../../shared/api-schemas';

const meSchema = z.object({
  email: z.string().min(1),
  name: z.string().nullable(),
  roles: z.array(z.string()),
  groups: z.array(z.string()),
  warnings: z.array(z.object({ role: z.string(), group: z.string().nullable(), problem: z.string() })),
  resources: z.array(z.string()),
  roleSources: z.array(z.object({ role: z.string(), from: z.enum(['org', 'idp']) })).default([]),
  groupSources: z.array(z.object({ name: z.string(), from: z.string() })).default([]),
  resourceDetails: z
    .array(
      z.object({
        name: z.string().min(1),
        type: z.string(),
        tags: z.record(z.string(), z.string()),
        healthcheckNamespace: z.string(),
      }),
    )
    .default([]),
  admin: z.boolean().default(false),
  // SPEC §11; a gateway from before identity aliases sends none.
  identities: z.array(resourceIdentitySchema).optional(),
});

export interface GatewayResource {
  name: string;
  type: string;
  tags: Record<string, string>;
  healthcheckNamespace: string;
}

export interface GatewayPerson {
  identity: Identity;
  resources: GatewayResource[];
  admin: boolean;
}

/** `body` is what /v1/me answered; `gateway` names it in the error when it does not fit. */
export function parseGatewayPerson(body: unknown, gateway: string): GatewayPerson {
  const parsed = meSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatehouseError(
      'unavailable',
      `the gateway ${gateway} answered /v1/me with something Gatehouse does not understand (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})`,
    );
  }
  const me = parsed.data;
  // Details for every assigned name (an older gateway sends none: the name alone will do).
  const details = new Map(me.resourceDetails.map((r) => [r.name, r]));
  const resources = me.resources.map(
    (name) =>
      details.get(name) ?? { name, type: 'kubernetes-user-impersonation', tags: {}, healthcheckNamespace: 'default' },
  );
  return {
    identity: {
      email: me.email,
      name: me.name,
      roles: me.roles,
      groups: me.groups,
      warnings: me.warnings,
      resources: me.resources,
      roleSources: me.roleSources,
      groupSources: me.groupSources,
      ...(me.identities ? { identities: me.identities } : {}),
    },
    resources,
    admin: me.admin,
  };
}
