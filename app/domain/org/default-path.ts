/** Where the org file lives when neither --org nor GATEHOUSE_ORG names it (SPEC §2). */
import { homedir } from 'node:os';
import path from 'node:path';

export interface OrgPathEnvironment {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * GATEHOUSE_ORG if set; else the platform's config dir: `$XDG_CONFIG_HOME/gatehouse/org.yaml`
 * (or `~/.config/...`) on Linux and other Unixes, `~/Library/Application Support/Gatehouse/org.yaml`
 * on macOS and `%APPDATA%\Gatehouse\org.yaml` on Windows — the same dirs Electron uses for app data,
 * so the app and the CLI agree. XDG_CONFIG_HOME is not consulted on macOS/Windows, where it is not
 * the platform convention. A relative GATEHOUSE_ORG is returned as given (resolved by loadOrg).
 */
export function defaultOrgPath({
  env = process.env,
  platform = process.platform,
  home = homedir(),
}: OrgPathEnvironment = {}): string {
  const explicit = env['GATEHOUSE_ORG'];
  if (explicit !== undefined && explicit !== '') return explicit;
  if (platform === 'win32') {
    const appData = env['APPDATA'] || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Gatehouse', 'org.yaml');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Gatehouse', 'org.yaml');
  const xdg = env['XDG_CONFIG_HOME'];
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const configHome = xdg !== undefined && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, 'gatehouse', 'org.yaml');
}
