// Local mode's assignments (SPEC §2): the org file says which resources the signed-in person holds,
// and each listener impersonates them with the leased credential the org names.
import type { RequestRecord } from '../../../shared/activity';
import { identityFor, type Org, type OrgResource } from '../../../shared/org';
import type { JsonlLog } from '../../domain/audit/jsonl-log';
import type { LocalTls } from '../../domain/proxy/local-tls';
import type { AppPaths } from '../../platform/paths';
import type { TokenStore } from '../state/token-store';
import type { AssignedResource, Assignments, ResourceListener } from './assignments';
import { connectionSettingsChanged } from './connection-settings';
import { createResourceProxy } from './resource-proxy';
import { resourceLookupError } from './resource-lookup';

/** An org resource as the manager holds it; the org's own entry rides along for the listener. */
export interface OrgAssignedResource extends AssignedResource {
  resource: OrgResource;
}

export interface OrgAssignmentsDeps {
  paths: AppPaths;
  tokens: TokenStore;
  tls: LocalTls;
  requestLog: JsonlLog<RequestRecord>;
  onRequest: (record: RequestRecord) => void;
}

export class OrgAssignments implements Assignments<OrgAssignedResource> {
  constructor(
    private readonly deps: OrgAssignmentsDeps,
    /** Read on every call: the core replaces it when the org file is reloaded. */
    private readonly currentOrg: () => Org,
    private readonly orgFile: string,
    readonly user: string,
  ) {}

  list(): OrgAssignedResource[] {
    const org = this.currentOrg();
    const assigned = new Set(identityFor(org, this.user)?.resources ?? []);
    return org.resources
      .filter((r) => assigned.has(r.name))
      .map((r) => ({
        name: r.name,
        type: r.type,
        tags: r.tags,
        healthcheckNamespace: r.healthcheckNamespace,
        server: 'server' in r.cluster ? r.cluster.server : null,
        via: null,
        ...(r.port === undefined ? {} : { port: r.port }),
        resource: r,
      }));
  }

  fixedPorts(): Set<number> {
    return new Set(this.currentOrg().resources.flatMap((r) => (r.port === undefined ? [] : [r.port])));
  }

  changed(before: OrgAssignedResource, after: OrgAssignedResource): boolean {
    return connectionSettingsChanged(before.resource, after.resource);
  }

  lookupError(name: string, assigned: readonly string[]): Error {
    return (
      resourceLookupError(this.currentOrg(), this.orgFile, this.user, assigned, name) ??
      new Error(`resource "${name}" has no entry`)
    );
  }

  portHint(resource: OrgAssignedResource): string {
    return resource.port === undefined
      ? `change it in ${this.deps.paths.ports}`
      : `change "port:" of resource "${resource.name}" in ${this.orgFile}`;
  }

  listener(resource: OrgAssignedResource, port: number): ResourceListener {
    return createResourceProxy({
      org: this.currentOrg,
      user: this.user,
      resource: resource.resource,
      port,
      localToken: () => this.deps.tokens.get(this.user, resource.name),
      paths: this.deps.paths,
      requestLog: this.deps.requestLog,
      tls: this.deps.tls,
      onRequest: this.deps.onRequest,
    });
  }
}
