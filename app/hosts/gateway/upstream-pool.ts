// One Upstream (leased credential + keep-alive agent) per org resource, shared by every person's
// requests to it. Rebuilt when an org reload changes what it was built from (the `cluster:`
// block, `insecureHttp`); the replaced one is kept until the gateway stops, since watches still
// ride on its agent (upgrades have connections of their own), up to a bound.
import type { OrgResource } from '../../../shared/org';
import { connectionSettingsChanged } from '../../services/connections/connection-settings';
import { upstreamForResource } from '../../domain/proxy/upstream-for-resource';
import type { Upstream } from '../../domain/proxy/upstream';

const MAX_RETIRED = 16;

export class UpstreamPool {
  private readonly live = new Map<string, { resource: OrgResource; upstream: Upstream }>();
  private readonly retired: Upstream[] = [];

  /** Throws CredentialError when the credential cannot be used (a missing kubeconfig, …). */
  get(resource: OrgResource): Upstream {
    const held = this.live.get(resource.name);
    if (held && !connectionSettingsChanged(held.resource, resource)) return held.upstream;
    const upstream = upstreamForResource(resource);
    if (held) this.retire(held.upstream);
    this.live.set(resource.name, { resource, upstream });
    return upstream;
  }

  /** After an org reload: resources that are gone give up their upstreams. */
  keepOnly(names: ReadonlySet<string>): void {
    for (const [name, held] of this.live) {
      if (names.has(name)) continue;
      this.live.delete(name);
      this.retire(held.upstream);
    }
  }

  private retire(upstream: Upstream): void {
    this.retired.push(upstream);
    while (this.retired.length > MAX_RETIRED) this.retired.shift()?.close();
  }

  close(): void {
    for (const { upstream } of this.live.values()) upstream.close();
    for (const upstream of this.retired) upstream.close();
    this.live.clear();
    this.retired.length = 0;
  }
}
