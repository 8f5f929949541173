// Signing in: an org file and a person in it. Problems are config errors with the loader's own
// message (file, path, line), so the sign-in screen and the CLI can show them as they are.
import { identityFor, type Org } from '../../shared/org';
import { emailProblem } from '../../shared/roles';
import { ApiFailure } from '../api/api-failure';
import { loadOrg, OrgFileError } from '../org/load';

export interface LoadedSession {
  orgFile: string;
  user: string;
  org: Org;
}

export async function loadOrgForApi(orgFile: string): Promise<{ file: string; org: Org }> {
  try {
    return await loadOrg(orgFile);
  } catch (err) {
    if (err instanceof OrgFileError) throw new ApiFailure('config', err.message);
    throw err;
  }
}

export async function openSession(orgFile: string, user: string): Promise<LoadedSession> {
  const { file, org } = await loadOrgForApi(orgFile);
  const identity = identityFor(org, user);
  if (!identity) throw new ApiFailure('config', `user ${user} is not in the org file ${file}`);
  const problem = emailProblem(identity.email);
  if (problem) throw new ApiFailure('config', `user ${user} cannot connect: ${problem}`);
  return { orgFile: file, user: identity.email, org };
}
