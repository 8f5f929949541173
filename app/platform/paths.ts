// Where Gatehouse keeps its data: GATEHOUSE_HOME when set (tests, several profiles), else the
// platform's per-user application-data directory.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { controlEndpoint } from './control-endpoint';
import { currentUserSid } from './windows/user-sid';

export interface AppPaths {
  root: string;
  settings: string;
  ports: string;
  tokens: string;
  /** The local audit log: one JSON line per proxied request. */
  requestLog: string;
  /** Recorded exec/attach sessions (asciicast). */
  recordings: string;
  /** Per-resource kubeconfigs written by `connect --foreground`. */
  kubeconfigs: string;
  /** The machine's local CA and loopback certificate. */
  tls: string;
  /** The agent's control socket (a named pipe on Windows, see control-endpoint.ts). */
  socket: string;
  /**
   * Gateway mode (SPEC §10): the gateway signed in to and the person's tokens (the refresh token
   * sealed where the OS can, see app/services/gateway-session/); owner-only (0600).
   */
  gatewaySession: string;
}

export function appDataRoot(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.GATEHOUSE_HOME) return env.GATEHOUSE_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Gatehouse');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Gatehouse');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'gatehouse');
}

export function appPaths(root = appDataRoot()): AppPaths {
  return {
    root,
    settings: join(root, 'settings.json'),
    ports: join(root, 'ports.json'),
    tokens: join(root, 'tokens.json'),
    requestLog: join(root, 'logs', 'requests.jsonl'),
    recordings: join(root, 'recordings'),
    kubeconfigs: join(root, 'kubeconfigs'),
    tls: join(root, 'tls'),
    socket: controlEndpoint(root, process.platform, currentUserSid),
    gatewaySession: join(root, 'gateway-session.json'),
  };
}
