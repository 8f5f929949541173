// Where the control socket lives (SPEC §1): a unix socket in the app-data dir, or on Windows a
// named pipe. Pipe names are global to the machine, so the name must be this user's and this
// app-data dir's alone: a hash of both (the full path, case-folded as NTFS compares it, and the
// user's SID). The name is not a secret — the client also checks who owns the pipe
// (api/control-endpoint-owner.ts) — it only keeps two users and two profiles apart.
import { createHash } from 'node:crypto';
import path from 'node:path';

export const PIPE_PREFIX = '\\\\.\\pipe\\gatehouse-';

export function controlPipeName(appDataRoot: string, userSid: string): string {
  const root = path.win32.resolve(appDataRoot).toLowerCase();
  const digest = createHash('sha256').update(`${root}\0${userSid}`).digest('hex');
  return `${PIPE_PREFIX}${digest.slice(0, 32)}`;
}

/**
 * The control endpoint for `appDataRoot` on `platform`. `userSid` is needed (and only called) on
 * win32; elsewhere the socket's directory is the user's own.
 */
export function controlEndpoint(appDataRoot: string, platform: NodeJS.Platform, userSid: () => string): string {
  if (platform === 'win32') return controlPipeName(appDataRoot, userSid());
  return path.join(appDataRoot, 'agent.sock');
}
