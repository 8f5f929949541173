// Signing in: an org file and a person in it. Problems are config errors with the loader's own
// message (file, path, line), so the sign-in screen and the CLI can show them as they are.
import { GatehouseError } from '../../../shared/errors';
import { identityFor, type Org } from '../../../shared/org';
import { emailProblem } from '../../../shared/roles';
import { loadOrg } from '../../domain/org/load';

export interface LoadedSession {
  orgFile: string;
  user: string;
  org: Org;
}

export async function openSession(orgFile: string, user: string): Promise<LoadedSession> {
  const { file, org } = await loadOrg(orgFile);
  const identity = identityFor(org, user);
  if (!identity) throw new GatehouseError('config', `user ${user} is not in the org file ${file}`);
  const problem = emailProblem(identity.email);
  if (problem) throw new GatehouseError('config', `user ${user} cannot connect: ${problem}`);
  return { orgFile: file, user: identity.email, org };
}
