// `gatehouse rbac generate [<name>] [--broad]`: the RBAC a cluster admin applies for each
// resource — the impersonator role for its leased identity, then a binding template per group.
import type { Org, OrgResource } from '../../../../shared/org';
import { impersonationTargets, type ImpersonationTargets } from '../impersonation-targets';
import { LeasedIdentityUnknown, leasedUsername } from '../leased-identity';
import { clientForResource, type ClusterAccessOptions } from '../resource-client';
import { selectResources } from '../select-resources';
import { count } from '../text';
import type { CommentedObject } from './commented-object';
import { groupBindingTemplates, PLACEHOLDER_CLUSTER_ROLE } from './group-binding-templates';
import { impersonatorObjects } from './impersonator-objects';
import { renderYamlStream } from './render-yaml';

export interface RbacOptions extends ClusterAccessOptions {
  broad?: boolean;
}

export interface ResourceRbac {
  resource: string;
  server: string;
  leasedUsername: string;
  broad: boolean;
  /** Whom the least-privilege role lets it impersonate. */
  targets: ImpersonationTargets;
  /** ClusterRole + ClusterRoleBinding for the leased identity. */
  impersonator: CommentedObject[];
  /** One ClusterRoleBinding template per role group (placeholder roleRef). */
  groupTemplates: CommentedObject[];
}

/** Asks the cluster who the leased identity is (throws LeasedIdentityUnknown / CredentialError). */
export async function planResourceRbac(
  org: Org,
  resource: OrgResource,
  options: RbacOptions = {},
): Promise<ResourceRbac> {
  const client = await clientForResource(resource, options);
  let username: string;
  try {
    username = await leasedUsername(client);
  } catch (err) {
    // The same words for the CLI and the admin screen: why there is no RBAC to show.
    if (err instanceof LeasedIdentityUnknown) throw new LeasedIdentityUnknown(`cannot tell which identity the leased credential is, so there is nothing to bind: ${err.message}`);
    throw err;
  }
  const targets = impersonationTargets(org, resource.name);
  const broad = options.broad ?? false;
  return {
    resource: resource.name,
    server: client.server,
    leasedUsername: username,
    broad,
    targets,
    impersonator: impersonatorObjects({ resourceName: resource.name, leasedUsername: username, targets, broad }),
    groupTemplates: groupBindingTemplates(org),
  };
}

function header(plan: ResourceRbac): string {
  const scope = plan.broad
    ? 'BROAD: it may impersonate any user and group (--broad).'
    : `Least privilege: it may impersonate only the ${count(plan.targets.users.length, 'user')} assigned "${plan.resource}", their groups and system:authenticated;` +
      '\n re-generate and re-apply when users or roles change (or use --broad).';
  return [
    ` Gatehouse RBAC for resource "${plan.resource}" (cluster ${plan.server}).`,
    ` Apply as a cluster admin, directly (not through Gatehouse): gatehouse rbac generate ${plan.resource}${plan.broad ? ' --broad' : ''} | kubectl apply -f -`,
    ` Leased identity, as the cluster reports it: ${plan.leasedUsername}`,
    ` ${scope}`,
    plan.groupTemplates.length > 0
      ? ` The ClusterRoleBindings after the first two are TEMPLATES binding each role's group to "${PLACEHOLDER_CLUSTER_ROLE}": edit them first.`
      : ' No role derives a group that is sent, so there are no binding templates.',
  ].join('\n');
}

export function renderResourceRbac(plan: ResourceRbac): string {
  return renderYamlStream([...plan.impersonator, ...plan.groupTemplates], header(plan));
}

export interface GenerateRbacOptions extends RbacOptions {
  /** Resource names; default all. Unknown names throw UnknownResourceError. */
  resources?: string[];
}

/** One section per resource, each complete on its own (resources may be different clusters). */
export async function generateRbacYaml(org: Org, options: GenerateRbacOptions = {}): Promise<string> {
  const sections: string[] = [];
  for (const resource of selectResources(org, options.resources)) {
    sections.push(renderResourceRbac(await planResourceRbac(org, resource, options)));
  }
  return sections.join('---\n');
}
