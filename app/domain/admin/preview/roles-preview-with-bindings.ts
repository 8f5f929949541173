// `roles preview` with the cluster's side (SPEC §6): every role → group as the shared rules derive
// it, plus, per resource, the bindings whose subjects name that group and what they grant.
import type { ResourceBindings, RolesPreviewWithBindings } from '../../../../shared/admin';
import { rolesPreview, type Org, type OrgResource } from '../../../../shared/org';
import { describeClusterFailure } from '../cluster-failure';
import { bindingsNamingGroup } from '../group-bindings';
import { readRbacSnapshot, type RbacSnapshot } from '../rbac-snapshot';
import { clientForResource, type ClusterAccessOptions } from '../resource-client';
import { selectResources } from '../select-resources';

export interface RolesPreviewOptions extends ClusterAccessOptions {
  /** Resource names; default all. Unknown names throw UnknownResourceError. */
  resources?: string[];
}

type SnapshotOrError = { resource: string; snapshot: RbacSnapshot | null; error: string | null };

async function snapshotOf(resource: OrgResource, options: ClusterAccessOptions): Promise<SnapshotOrError> {
  try {
    const snapshot = await readRbacSnapshot(await clientForResource(resource, options));
    return { resource: resource.name, snapshot, error: null };
  } catch (err) {
    return {
      resource: resource.name,
      snapshot: null,
      error: `cannot read the bindings: ${describeClusterFailure(err).message}`,
    };
  }
}

function bindingsIn(read: SnapshotOrError, group: string): ResourceBindings {
  const bindings = read.snapshot === null ? [] : bindingsNamingGroup(read.snapshot, group);
  return { resource: read.resource, bindings, error: read.error };
}

/** One RBAC read per resource (in parallel), then every role is looked up in memory. */
export async function rolesPreviewWithBindings(
  org: Org,
  options: RolesPreviewOptions = {},
): Promise<RolesPreviewWithBindings> {
  const reads = await Promise.all(
    selectResources(org, options.resources).map((resource) => snapshotOf(resource, options)),
  );
  const preview = rolesPreview(org);
  return {
    roles: preview.roles.map((mapping) => {
      const sent = mapping.status !== 'invalid' && mapping.group !== null;
      const group = mapping.group ?? '';
      return { ...mapping, bindings: sent ? reads.map((read) => bindingsIn(read, group)) : [] };
    }),
    // SPEC §11: sent only on the resources their rule grants, so looked up there only.
    explicitGroups: preview.explicitGroups.map((explicit) => ({
      ...explicit,
      bindings: reads
        .filter((read) => explicit.resources.includes(read.resource))
        .map((read) => bindingsIn(read, explicit.group)),
    })),
  };
}
