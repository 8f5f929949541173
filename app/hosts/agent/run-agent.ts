// The headless agent (`gatehouse agent`): the connection manager in one long-lived process, serving
// the API on the control socket. It exists to hold the connections, so it never attaches: next to
// another host (another agent, the desktop app, browser mode) it refuses to start, naming that host.
import type { AppPaths } from '../../platform/paths';
import { startHost, type Host } from '../start-host';

export function startAgent(paths: AppPaths, session: { orgFile?: string; user?: string }): Promise<Host> {
  const signIn = session.orgFile && session.user ? { orgFile: session.orgFile, user: session.user } : undefined;
  return startHost({ paths, mode: 'agent', signIn, whenAnotherRuns: 'refuse' });
}
