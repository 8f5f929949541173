import { type Command } from '../command';
import { foregroundCommand } from '../hosting/foreground';
import { changeConnections } from './status';

/**
 * `gatehouse connect <name>|--all [--foreground]`. Without --foreground the running host connects
 * (a background agent is started if none runs); with it, this process becomes the host.
 */
export const connectCommand: Command = async (ctx) =>
  ctx.options.foreground ? foregroundCommand(ctx) : changeConnections(ctx, 'connections.connect');
