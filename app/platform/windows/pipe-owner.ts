// Who owns a named pipe, on Windows. Pipe names are one namespace for the whole machine: another
// user can create \\.\pipe\gatehouse-… first and wait for our CLI to send it calls. The pipe's
// owner (the SID in its security descriptor) tells: only our own user — or, for a pipe created by
// an elevated process of ours, the Administrators group, which a non-admin cannot forge — counts.
//
// Node has no API for a pipe's security descriptor, so Windows PowerShell reads it through .NET
// (GetAccessControl on the pipe's path). Used on win32 only; the parsing is unit-tested anywhere.
import { execFile } from 'node:child_process';

const SID_LINE = /^S-1-\d+(?:-\d+)+$/;

/** SIDs that may own our pipe besides the user's: BUILTIN\Administrators (elevated), LocalSystem. */
export const TRUSTED_OWNER_SIDS: readonly string[] = ['S-1-5-32-544', 'S-1-5-18'];

/** The PowerShell script that prints the owner SID of `pipe` (a \\.\pipe\… path). */
export function ownerScript(pipe: string): string {
  if (!/^\\\\\.\\pipe\\[\w.-]+$/.test(pipe)) throw new Error(`not a local pipe name: ${JSON.stringify(pipe)}`);
  // Single quotes: PowerShell takes the name literally; the name has no quote (checked above).
  return `$ErrorActionPreference='Stop'; [System.IO.Directory]::GetAccessControl('${pipe}').GetOwner([System.Security.Principal.SecurityIdentifier]).Value`;
}

/** The owner SID from the script's output (one line), or an error saying what came instead. */
export function parseOwnerSid(output: string): string {
  const line = output.trim().split(/\r?\n/).at(-1)?.trim() ?? '';
  if (!SID_LINE.test(line)) throw new Error(`cannot read the owner of the Gatehouse pipe: ${JSON.stringify(output.trim().slice(0, 200))}`);
  return line;
}

export function isTrustedPipeOwner(owner: string, userSid: string): boolean {
  return owner === userSid || TRUSTED_OWNER_SIDS.includes(owner);
}

/** Asks Windows who owns `pipe` (win32 only). */
export function pipeOwnerSid(pipe: string): Promise<string> {
  const script = ownerScript(pipe);
  return new Promise((resolve, reject) => {
    execFile('powershell.exe', ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', windowsHide: true, timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cannot read the owner of ${pipe}: ${(stderr || error.message).trim().split('\n')[0] ?? ''}`));
      else {
        try {
          resolve(parseOwnerSid(stdout));
        } catch (parseError) {
          reject(parseError as Error);
        }
      }
    });
  });
}
