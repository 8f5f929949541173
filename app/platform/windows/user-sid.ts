// The Windows security identifier (SID) of the user running Gatehouse, for the control pipe's name
// and for checking who owns that pipe. Used on win32 only; `whoami` is in every Windows install
// since Vista. The SID is found by its shape, so localised headers ("NOM D'UTILISATEUR") and both
// the table and CSV output formats parse.
import { execFileSync } from 'node:child_process';

const SID = /\bS-1-\d+(?:-\d+)+\b/;

/** The SID in `whoami /user` output (table or `/fo csv`); throws saying what it got otherwise. */
export function parseWhoamiSid(output: string): string {
  const match = SID.exec(output);
  if (match === null) throw new Error(`cannot find the user's SID in the output of "whoami /user": ${JSON.stringify(output.trim().slice(0, 200))}`);
  return match[0];
}

let cached: string | undefined;

/** The current user's SID (win32 only), asked once per process. */
export function currentUserSid(): string {
  if (process.platform !== 'win32') throw new Error('currentUserSid is for Windows only');
  cached ??= parseWhoamiSid(execFileSync('whoami', ['/user', '/fo', 'csv', '/nh'], { encoding: 'utf8', windowsHide: true, timeout: 10_000 }));
  return cached;
}
