// Which org file, and which person in it, a request works on. Admin tools (SPEC §6) take an org
// file, not a person: an admin need not be a user in it. `whoami` and `kubeconfig.update` may name
// a person: the CLI's --org/--user ask about them without switching the host's session.
import type { Identity, PersonChoice } from '../../shared/api';
import { GatehouseError } from '../../shared/errors';
import { identityFor, type Org } from '../../shared/org';
import { apiIdentity } from '../../shared/identity-sources';
import type { GatehouseCore } from '../services/core/gatehouse-core';
import { loadOrg } from '../domain/org/load';

/** The org file named, else the signed-in session's (`not-signed-in` when there is none). */
export async function orgToWorkOn(
  core: GatehouseCore,
  orgFile: string | undefined,
): Promise<{ file: string; org: Org }> {
  if (orgFile !== undefined) return loadOrg(orgFile);
  const { orgFile: file, org } = core.org();
  return { file, org };
}

export interface Person {
  file: string;
  org: Org;
  identity: Identity;
}

/** The person named, else the signed-in one; a name not in the org file is a `config` error. */
export async function personToWorkFor(core: GatehouseCore, choice: Partial<PersonChoice>): Promise<Person> {
  if (choice.orgFile === undefined || choice.user === undefined) {
    const { orgFile, org } = core.org();
    return { file: orgFile, org, identity: core.identity() };
  }
  const { file, org } = await loadOrg(choice.orgFile);
  const id = identityFor(org, choice.user);
  if (!id) throw new GatehouseError('config', `user ${choice.user} is not in the org file ${file}`);
  return { file, org, identity: apiIdentity(id) };
}
