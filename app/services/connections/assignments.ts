// What the connection manager manages, whoever says so: in local mode the org file (which
// resources the signed-in person holds, with the leased credential behind each); in gateway mode
// the gateway's /v1/me (the resources it lets the person use, reached through it). The manager
// keeps ports, states and health the same way for both; an Assignments builds each listener.
import type { Admission } from '../../domain/proxy/admission';
import type { ImpersonatingProxy } from '../../domain/proxy/server';

/** One resource the person may connect, as the manager and `status` show it. */
export interface AssignedResource {
  name: string;
  type: string;
  tags: Readonly<Record<string, string>>;
  healthcheckNamespace: string;
  /** The cluster's API server (local mode, never a credential); null in gateway mode. */
  server: string | null;
  /** The gateway URL the resource goes through (gateway mode); null in local mode. */
  via: string | null;
  /** A port fixed by the org file; else the port store picks and remembers one. */
  port?: number;
}

/** A listener the manager can start, stop and health-check (admission holds the health-check token). */
export type ResourceListener = ImpersonatingProxy<Admission & { readonly healthCheckToken: string }>;

export interface Assignments<R extends AssignedResource = AssignedResource> {
  /** The person, for tokens and messages. */
  readonly user: string;
  /** What may be connected now. */
  list(): R[];
  /** Ports fixed for any resource (also ones not assigned): the port store never hands them out. */
  fixedPorts(): Set<number>;
  /** A listener built for `before` no longer fits `after` (its upstream or port changed). */
  changed(before: R, after: R): boolean;
  /** Why `name` cannot be connected (not-found or refused, with a message), given what is assigned. */
  lookupError(name: string, assigned: readonly string[]): Error;
  /** What to say to free a port that is in use. */
  portHint(resource: R): string;
  /** The listener for `resource` on `port`; throws when the person may not use it. */
  listener(resource: R, port: number): ResourceListener;
}
