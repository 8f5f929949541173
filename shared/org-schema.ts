/**
 * The org file's shape (SPEC §2) as zod schemas. Every object is strict: an unknown key is an
 * error listing the allowed keys, because a silently ignored typo (`kubeconfg:`) would otherwise
 * surface much later as a confusing connection failure.
 */
import { z } from 'zod';
import { clusterSourceSchema } from './org-cluster-schema';
import { nonEmptyText, strictMap } from './org-schema-parts';
import { plainHttpProblem } from './org-schema-plain-http';
import { identityNameProblem } from './identity-names';

export { isLoopbackHost, plainHttpHint, plainHttpProblem } from './org-schema-plain-http';

export const SUPPORTED_RESOURCE_TYPE = 'kubernetes-user-impersonation';
export const DEFAULT_HEALTHCHECK_NAMESPACE = 'default';

/** Resource names become kubectl context names and `gatehouse-<name>` entries, so DNS-1123 label rules. */
export const RESOURCE_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const RESOURCE_NAME_MAX_LENGTH = 63;
/** Unprivileged ports only: the proxy runs as the signed-in user. */
export const PORT_RANGE = { min: 1024, max: 65535 } as const;

/** YAML makes `tier: 1` a number; tags are compared as text, so say how to fix it rather than guess. */
const tagValue = z.string({
  error: (issue) =>
    issue.input === undefined ? undefined : 'tag values must be text; quote numbers and booleans, e.g. "1"',
});
const tagsSchema = z.record(nonEmptyText, tagValue);

function isDnsLabel(name: string): boolean {
  return name.length <= RESOURCE_NAME_MAX_LENGTH && RESOURCE_NAME_PATTERN.test(name);
}

const resourceName = z.string().refine(isDnsLabel, {
  error: (issue) =>
    `resource name ${JSON.stringify(issue.input)} must be 1-${RESOURCE_NAME_MAX_LENGTH} characters of a-z, 0-9 and "-", ` +
    'starting and ending with a letter or digit (it becomes the kubectl context name and "gatehouse-<name>" entries)',
});

const namespaceName = z
  .string()
  .refine(
    isDnsLabel,
    'must be a Kubernetes namespace name: 1-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit',
  );

const resourceType = z.literal(SUPPORTED_RESOURCE_TYPE, {
  error: (issue) =>
    issue.input === undefined
      ? `is required; the supported type is "${SUPPORTED_RESOURCE_TYPE}"`
      : `unsupported resource type ${JSON.stringify(issue.input)}; the supported type is "${SUPPORTED_RESOURCE_TYPE}"`,
});

const portSchema = z
  .number()
  .int('must be a whole number')
  .min(PORT_RANGE.min, `must be between ${PORT_RANGE.min} and ${PORT_RANGE.max} (unprivileged ports only)`)
  .max(PORT_RANGE.max, `must be between ${PORT_RANGE.min} and ${PORT_RANGE.max}`);

/**
 * A username or group Gatehouse sends as written (an identity alias, an explicit group): the rules
 * derived groups obey (SPEC §3, §11), plus no leading/trailing spaces, which HTTP would strip.
 */
const identityName = (what: 'alias' | 'group') =>
  z.string().superRefine((name, ctx) => {
    const problem = identityNameProblem(what, name);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: name });
  });

/**
 * Who a resource impersonates (SPEC §11): the person's email (the default, `{user: email}`), or their
 * alias in the named identity set (`{identitySet: contractors}`); a person without one cannot connect.
 */
export const impersonationSchema = strictMap({
  user: z.literal('email', { error: 'the only user source is "email"; for an alias write identitySet: <set>' }).optional(),
  identitySet: nonEmptyText.optional(),
}).refine((mode) => (mode.user === undefined) !== (mode.identitySet === undefined), {
  message: 'give exactly one of "user: email" or "identitySet: <name of a set in identitySets>"',
});

export const orgResourceSchema = strictMap({
  name: resourceName,
  type: resourceType,
  tags: tagsSchema.default({}),
  port: portSchema.optional(),
  healthcheckNamespace: namespaceName.default(DEFAULT_HEALTHCHECK_NAMESPACE),
  cluster: clusterSourceSchema,
  /** Allows an http:// server that is not loopback: the leased credential then travels in clear text. */
  insecureHttp: z.boolean().optional(),
  /** Absent: `{user: email}`. */
  impersonation: impersonationSchema.optional(),
}).superRefine((resource, ctx) => {
  // A kubeconfig file's server is only known when the proxy reads it; it checks the same rule there.
  // (zod skips this after an aborting issue in the cluster block; the object check keeps it safe regardless.)
  const cluster: unknown = resource.cluster;
  if (typeof cluster !== 'object' || cluster === null || !('server' in resource.cluster)) return;
  const problem = plainHttpProblem(resource.cluster.server, resource.insecureHttp);
  if (problem !== null) ctx.addIssue({ code: 'custom', path: ['cluster', 'server'], message: problem, input: resource });
});

/**
 * A rule with both `resources` and `tags` matches a resource only when BOTH hold (named in the
 * list and carrying every tag): each rule is one condition. Rules of a role are OR-ed, so "either"
 * is written as two rules.
 */
export const accessRuleSchema = strictMap({
  resources: z.array(nonEmptyText).min(1, 'must name at least one resource (or remove the key)').optional(),
  tags: tagsSchema
    .refine(
      (tags) => Object.keys(tags).length > 0,
      'an empty tag map would match every resource; list at least one tag',
    )
    .optional(),
  /** Explicit Kubernetes groups sent, next to the role-derived ones, for the resources this rule grants (SPEC §11). */
  groups: z.array(identityName('group')).min(1, 'must list at least one group (or remove the key)').optional(),
}).refine((rule) => rule.resources !== undefined || rule.tags !== undefined, {
  message: 'a rule needs "resources" (by name), "tags" (every tag must match), or both',
});

export const orgRoleSchema = strictMap({
  name: nonEmptyText,
  // A role with no rules grants no resource but still adds its group to its members' identity.
  rules: z.array(accessRuleSchema).default([]),
});

export const orgUserSchema = strictMap({
  // Checked by emailProblem in the reference checks, so every email problem reads the same.
  email: z.string(),
  name: nonEmptyText.optional(),
  // Missing roles are reported by the reference checks ("has no roles"), which say more than "required".
  roles: z.array(nonEmptyText).default([]),
  /** The person's username per identity set (SPEC §11): `{contractors: alice_l}`; one per set. */
  aliases: z.record(nonEmptyText, identityName('alias')).optional(),
});

export const identitySetSchema = strictMap({
  name: nonEmptyText,
});

export const orgSchema = strictMap({
  users: z.array(orgUserSchema),
  roles: z.array(orgRoleSchema),
  resources: z.array(orgResourceSchema),
  /** Names of the identity sets users may have aliases in (SPEC §11); absent: none. */
  identitySets: z.array(identitySetSchema).optional(),
});

export type Org = z.infer<typeof orgSchema>;
export type OrgUser = z.infer<typeof orgUserSchema>;
export type OrgRole = z.infer<typeof orgRoleSchema>;
export type AccessRule = z.infer<typeof accessRuleSchema>;
export type OrgResource = z.infer<typeof orgResourceSchema>;
export type Impersonation = z.infer<typeof impersonationSchema>;
export type IdentitySet = z.infer<typeof identitySetSchema>;
