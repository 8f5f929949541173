import { startAgent } from '../../agent/run-agent';
import { AnotherAgentError } from '../../api/control-socket';
import { appDataRoot, appPaths } from '../../paths';
import { CliError, EXIT, type Command } from '../command';

/**
 * `gatehouse agent`: runs the connection manager headless until SIGINT/SIGTERM, serving the control
 * socket. Prints `agent ready <socket>` once it accepts commands (the CLI waits for that line).
 */
export const agentCommand: Command = async (ctx) => {
  const paths = appPaths(appDataRoot(ctx.env));
  let agent;
  try {
    agent = await startAgent(paths, { orgFile: ctx.options.org ?? ctx.env.GATEHOUSE_ORG, user: ctx.options.user ?? ctx.env.GATEHOUSE_USER });
  } catch (err) {
    if (err instanceof AnotherAgentError) throw new CliError(err.message, EXIT.refused);
    throw err;
  }
  ctx.io.out(`agent ready ${paths.socket}\n`);
  const signal = await ctx.stopSignal;
  ctx.io.err(`gatehouse agent: ${signal}: disconnecting and stopping\n`);
  await agent.stop();
  return EXIT.ok;
};
