// The org file and signed-in user a command works with: --org / GATEHOUSE_ORG / default path, and
// --user / GATEHOUSE_USER. Config problems are exit code 2 with the loader's own message.
import { identityFor, type Org, type UserIdentity } from '../../shared/org';
import { defaultOrgPath, loadOrg, OrgFileError, type LoadedOrg } from '../org/load';
import { CliError, EXIT, type CliContext } from './command';

export async function loadSessionOrg(ctx: CliContext): Promise<LoadedOrg> {
  const file = ctx.options.org ?? ctx.env.GATEHOUSE_ORG ?? defaultOrgPath();
  try {
    return await loadOrg(file);
  } catch (err) {
    if (err instanceof OrgFileError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

export function sessionUser(ctx: CliContext): string {
  const user = ctx.options.user ?? ctx.env.GATEHOUSE_USER;
  if (!user) throw new CliError('no user: pass --user EMAIL or set GATEHOUSE_USER', EXIT.usage);
  return user;
}

export function sessionIdentity(org: Org, file: string, user: string): UserIdentity {
  const identity = identityFor(org, user);
  if (!identity) throw new CliError(`user ${user} is not in the org file ${file}`, EXIT.usage);
  return identity;
}
