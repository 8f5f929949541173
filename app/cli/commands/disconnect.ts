import type { Command } from '../command';
import { changeConnections } from './status';

/** `gatehouse disconnect <name>|--all`: through the running host (an agent is started if none runs). */
export const disconnectCommand: Command = (ctx) => changeConnections(ctx, 'connections.disconnect');
