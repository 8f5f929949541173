// Admission on the gateway's listener (SPEC §10): the resource from the path (/k8s/<resource>/…,
// matched exactly: resource-path.ts), the person from a verified OIDC ID token, their identity
// from the org by the same code local mode uses, and the person's address (the peer, or what a
// trusted load balancer says). Client Impersonate-* headers are refused by the shared header
// decision after this; nothing about the client's own identity claims goes upstream.
import type { ClientRequest } from '../../domain/proxy/client-messages';
import type { BlockList } from 'node:net';
import type { Org } from '../../../shared/org';
import type { Admission, Admitted, Refused } from '../../domain/proxy/admission';
import { faultMessage } from '../../domain/proxy/connection-guard';
import type { RequestTarget } from '../../domain/proxy/request-target';
import type { Authenticator } from './authenticate';
import { clientAddress } from './client-address';
import { resourcePath } from './resource-path';
import type { UpstreamPool } from './upstream-pool';

export interface GatewayAdmissionOptions {
  authenticator: Authenticator;
  org: () => Org;
  upstreams: UpstreamPool;
  trustedProxies: BlockList;
}

export class GatewayAdmission implements Admission {
  readonly name = 'gateway';

  constructor(private readonly options: GatewayAdmissionOptions) {}

  async admit(req: ClientRequest, target: RequestTarget): Promise<Admitted | Refused> {
    const address = clientAddress(req, this.options.trustedProxies);
    const routed = resourcePath(target);
    if (routed.kind === 'other') {
      return { ok: false, address, code: 404, message: `gatehouse gateway: nothing at ${JSON.stringify(target.path.slice(0, 100))}; a resource's Kubernetes API is at /k8s/<resource>/` };
    }
    if (routed.kind === 'refused') return { ok: false, address, code: routed.code, message: routed.message };
    const token = await this.options.authenticator.token(req);
    if (!token.ok) return { ...token, address };
    const org = this.options.org();
    const person = this.options.authenticator.person(org, token.oidc);
    if (!person.ok) return { ...person, address };
    const { identity } = person;
    const resource = org.resources.find((r) => r.name === routed.resource);
    // A resource that does not exist is answered exactly like one that is not the person's: the
    // answer must not tell a signed-in person which names exist in the organisation.
    if (!resource) {
      return { ok: false, address, code: 403, message: `gatehouse gateway: resource ${JSON.stringify(routed.resource.slice(0, 100))} is not assigned to ${identity.email}` };
    }
    if (!identity.resources.includes(resource.name)) {
      return { ok: false, address, resource: resource.name, code: 403, message: `gatehouse gateway: resource "${resource.name}" is not assigned to ${identity.email}` };
    }
    // The identity on THIS resource (SPEC §11), from the same shared code local mode uses: the
    // alias of a resource's identity set, never a fallback to the email.
    const onResource = identity.identities.find((entry) => entry.resource === resource.name);
    if (!onResource || onResource.username === null) {
      const why = onResource?.problem ?? `resource "${resource.name}" has no identity for ${identity.email}`;
      return { ok: false, address, resource: resource.name, code: 403, message: `gatehouse gateway: cannot connect to resource "${resource.name}": ${why}` };
    }
    let upstream;
    try {
      upstream = this.options.upstreams.get(resource);
    } catch (err) {
      return { ok: false, address, resource: resource.name, code: 502, message: `gatehouse gateway: resource "${resource.name}": ${faultMessage(err)}` };
    }
    return {
      ok: true,
      resource: resource.name,
      identity: { user: onResource.username, groups: onResource.groups.map((group) => group.name) },
      upstream,
      target: routed.target,
      subprotocols: token.remainingSubprotocols,
      // The cluster's audit `sourceIPs` names the person's address, not the gateway's.
      forwardedFor: address,
      address,
    };
  }

  close(): void {
    this.options.upstreams.close();
  }
}
