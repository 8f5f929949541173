/**
 * The kinds of process that host Gatehouse's core (SPEC §1). One host per user holds the
 * connections; others attach to it over the control socket (app/hosts/start-host.ts).
 */
export type HostMode = 'electron' | 'browser' | 'agent' | 'foreground';

/** A running host as `app.info` names it. */
export interface HostIdentity {
  mode: HostMode;
  pid: number;
}

const HOST_NAMES: Record<HostMode, string> = {
  electron: 'the desktop app',
  browser: 'browser mode (gatehouse ui --browser)',
  agent: 'the background agent',
  foreground: 'gatehouse connect --foreground',
};

/** "the background agent (pid 4242)": for messages and the UI. */
export function describeHost(host: HostIdentity): string {
  return `${HOST_NAMES[host.mode]} (pid ${host.pid})`;
}
