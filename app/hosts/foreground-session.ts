// The org file and person `connect --foreground` works with: --org / GATEHOUSE_ORG / the last
// sign-in / the default path, and --user / GATEHOUSE_USER / the last sign-in (SPEC §2: the user is
// remembered in settings). A config problem is a `config` or `usage` error with the loader's message.
import { GatehouseError } from '../../shared/errors';
import { identityFor, type Org, type UserIdentity } from '../../shared/org';
import { defaultOrgPath, loadOrg, type LoadedOrg } from '../domain/org/load';
import type { AppPaths } from '../platform/paths';
import { SettingsStore } from '../services/state/settings-store';

export interface ForegroundChoice {
  /** Explicit org file (option or environment), else the remembered one. */
  orgFile?: string;
  user?: string;
}

/** What the app remembered at its last sign-in. */
function remembered(paths: AppPaths): { orgFile: string | null; user: string | null } {
  try {
    return new SettingsStore(paths.settings).get();
  } catch {
    return { orgFile: null, user: null };
  }
}

export function loadForegroundOrg(paths: AppPaths, choice: ForegroundChoice): Promise<LoadedOrg> {
  return loadOrg(choice.orgFile ?? remembered(paths).orgFile ?? defaultOrgPath());
}

export function foregroundUser(paths: AppPaths, choice: ForegroundChoice): string {
  const user = choice.user ?? remembered(paths).user;
  if (!user) throw new GatehouseError('usage', 'no user: pass --user EMAIL or set GATEHOUSE_USER (or sign in once in the app)');
  return user;
}

export function foregroundIdentity(org: Org, file: string, user: string): UserIdentity {
  const identity = identityFor(org, user);
  if (!identity) throw new GatehouseError('config', `user ${user} is not in the org file ${file}`);
  return identity;
}
