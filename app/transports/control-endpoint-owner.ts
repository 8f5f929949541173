// Before the CLI sends anything to the agent, it checks that the endpoint is this user's: calls
// carry org files, sign-ins and kubeconfig writes, and answers are trusted. On POSIX the socket
// file must be a socket, owned by our uid, usable by nobody else (0600, as the agent makes it).
// On Windows the pipe's owner must be our SID (windows/pipe-owner.ts): another user may have
// created the pipe name first.
import { GatehouseError } from '../../shared/errors';
import { lstat } from 'node:fs/promises';
import { PIPE_PREFIX } from '../platform/control-endpoint';
import { isTrustedPipeOwner, pipeOwnerSid } from '../platform/windows/pipe-owner';
import { currentUserSid } from '../platform/windows/user-sid';

/**
 * The endpoint exists but is not this user's: never talk to it (and do not start an agent over it).
 * Kind `unavailable`: no agent of ours can be reached there (SPEC §7: exit 1).
 */
export class UntrustedEndpointError extends GatehouseError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

export interface SocketFacts {
  isSocket: boolean;
  uid: number;
  mode: number;
}

/** Why a POSIX socket with these facts is not ours, or undefined when it is. */
export function socketProblem(socket: string, facts: SocketFacts, myUid: number): string | undefined {
  if (!facts.isSocket) return `${socket} is not a socket; remove it so that Gatehouse can start its agent`;
  if (facts.uid !== myUid) return `${socket} belongs to another user (uid ${facts.uid}, you are ${myUid}); refusing to talk to it`;
  if ((facts.mode & 0o077) !== 0) return `${socket} can be used by other users (mode ${(facts.mode & 0o777).toString(8).padStart(4, '0')}); refusing to talk to it`;
  return undefined;
}

/** Why a pipe owned by `owner` is not ours, or undefined when it is. */
export function pipeProblem(pipe: string, owner: string, userSid: string): string | undefined {
  if (isTrustedPipeOwner(owner, userSid)) return undefined;
  return `${pipe} is owned by another account (${owner}, you are ${userSid}); refusing to talk to it`;
}

/**
 * Resolves when `endpoint` is this user's; rejects with UntrustedEndpointError when it is not, and
 * with the system error (ENOENT: no agent) when it cannot be inspected.
 */
export async function verifyControlEndpoint(endpoint: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'win32') {
    if (!endpoint.startsWith(PIPE_PREFIX)) return; // a test's own pipe or socket path
    const owner = await pipeOwnerSid(endpoint).catch((error: unknown) => {
      // No pipe (no agent yet) looks like "not found": let the connect attempt report it as usual.
      if (/not find|does not exist|cannot find/i.test((error as Error).message)) return undefined;
      throw new UntrustedEndpointError((error as Error).message);
    });
    if (owner === undefined) return;
    const problem = pipeProblem(endpoint, owner, currentUserSid());
    if (problem !== undefined) throw new UntrustedEndpointError(problem);
    return;
  }
  const stats = await lstat(endpoint);
  const problem = socketProblem(endpoint, { isSocket: stats.isSocket(), uid: stats.uid, mode: stats.mode }, process.getuid?.() ?? -1);
  if (problem !== undefined) throw new UntrustedEndpointError(problem);
}
