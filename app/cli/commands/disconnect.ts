import type { Command } from '../command';
import { changeConnections } from './status';

/** `gatehouse disconnect <name>|--all`: through the agent. */
export const disconnectCommand: Command = (ctx) => changeConnections(ctx, 'connections.disconnect');
