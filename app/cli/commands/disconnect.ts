import { CliError, EXIT, type Command } from '../command';
import { agentClient, call } from '../agent-connection';
import { printStatuses } from './status';

/** `gatehouse disconnect <name>|--all`: through the agent. */
export const disconnectCommand: Command = async (ctx) => {
  if (!ctx.options.all && ctx.args.length === 0) throw new CliError('name a resource or pass --all', EXIT.usage);
  const client = await agentClient(ctx);
  try {
    const { resources } = await call(client, 'connections.disconnect', ctx.options.all ? { all: true } : { names: ctx.args });
    printStatuses(resources, ctx.options.json, (t) => ctx.io.out(t));
    return EXIT.ok;
  } finally {
    client.close();
  }
};
