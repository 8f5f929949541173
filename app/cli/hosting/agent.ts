import { startAgent } from '../../hosts/agent/run-agent';
import { appDataRoot, appPaths } from '../../platform/paths';
import { EXIT, type Command } from '../command';

/**
 * `gatehouse agent`: runs the connection manager headless until SIGINT/SIGTERM, serving the control
 * socket. Prints `agent ready <socket>` once it accepts commands (the CLI waits for that line).
 * Next to a running host (another agent, the desktop app, browser mode, connect --foreground) it
 * refuses, naming that host: kind `refused`, exit 3.
 */
export const agentCommand: Command = async (ctx) => {
  const paths = appPaths(appDataRoot(ctx.env));
  const agent = await startAgent(paths, {
    orgFile: ctx.options.org ?? ctx.env.GATEHOUSE_ORG,
    user: ctx.options.user ?? ctx.env.GATEHOUSE_USER,
  });
  ctx.io.out(`agent ready ${paths.socket}\n`);
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse agent: ${signal}: disconnecting and stopping\n`);
  await agent.stop();
  return EXIT.ok;
};
