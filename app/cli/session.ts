// The org file and signed-in user a command works with: --org / GATEHOUSE_ORG / default path, and
// --user / GATEHOUSE_USER. Problems carry their kind from where they arise (an OrgFileError is
// `config`: exit 2 with the loader's own message).
import { GatehouseError } from '../../shared/errors';
import { identityFor, type Org, type UserIdentity } from '../../shared/org';
import { defaultOrgPath, loadOrg, type LoadedOrg } from '../org/load';
import { appDataRoot, appPaths } from '../paths';
import { SettingsStore } from '../state/settings-store';
import type { CliContext } from './command';

/** What the app remembered at its last sign-in (SPEC §2: the user is remembered in settings). */
function remembered(ctx: CliContext): { orgFile: string | null; user: string | null } {
  try {
    return new SettingsStore(appPaths(appDataRoot(ctx.env)).settings).get();
  } catch {
    return { orgFile: null, user: null };
  }
}

export function loadSessionOrg(ctx: CliContext): Promise<LoadedOrg> {
  return loadOrg(ctx.options.org ?? ctx.env.GATEHOUSE_ORG ?? remembered(ctx).orgFile ?? defaultOrgPath());
}

export function sessionUser(ctx: CliContext): string {
  const user = ctx.options.user ?? ctx.env.GATEHOUSE_USER ?? remembered(ctx).user;
  if (!user) throw new GatehouseError('usage', 'no user: pass --user EMAIL or set GATEHOUSE_USER (or sign in once in the app)');
  return user;
}

export function sessionIdentity(org: Org, file: string, user: string): UserIdentity {
  const identity = identityFor(org, user);
  if (!identity) throw new GatehouseError('config', `user ${user} is not in the org file ${file}`);
  return identity;
}
