// The pipe-owner check's pure parts: the PowerShell script (no injection through the name), the
// parsing of its output, and which owners count as ours. The script runs on win32 only.
import { describe, expect, it } from 'vitest';
import { isTrustedPipeOwner, ownerScript, parseOwnerSid } from './pipe-owner';

const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const MALLORY = 'S-1-5-21-1004336348-1177238915-682003330-1107';
const PIPE = '\\\\.\\pipe\\gatehouse-0123456789abcdef0123456789abcdef';

describe('ownerScript', () => {
  it('asks .NET for the owner SID of exactly that pipe', () => {
    expect(ownerScript(PIPE)).toBe(
      "$ErrorActionPreference='Stop'; [System.IO.Directory]::GetAccessControl('\\\\.\\pipe\\gatehouse-0123456789abcdef0123456789abcdef').GetOwner([System.Security.Principal.SecurityIdentifier]).Value",
    );
  });

  it('refuses names that are not a plain local pipe (quotes, remote hosts, paths)', () => {
    for (const name of ["\\\\.\\pipe\\x'); Remove-Item C:\\ -Recurse; ('", '\\\\evil\\pipe\\gatehouse-1', 'C:\\Users\\alice\\agent.sock', '\\\\.\\pipe\\a b']) {
      expect(() => ownerScript(name), name).toThrow('not a local pipe name');
    }
  });
});

describe('parseOwnerSid', () => {
  it('reads the SID line (with CRLF, after any banner line)', () => {
    expect(parseOwnerSid(`${ALICE}\r\n`)).toBe(ALICE);
    expect(parseOwnerSid(`some warning\r\n${ALICE}\r\n`)).toBe(ALICE);
  });

  it('refuses anything else, naming what it got', () => {
    expect(() => parseOwnerSid('')).toThrow('cannot read the owner of the Gatehouse pipe: ""');
    expect(() => parseOwnerSid('DESKTOP\\alice\r\n')).toThrow('cannot read the owner of the Gatehouse pipe: "DESKTOP\\\\alice"');
  });
});

describe('isTrustedPipeOwner', () => {
  it('trusts the user, an elevated process of the user (Administrators) and LocalSystem only', () => {
    expect(isTrustedPipeOwner(ALICE, ALICE)).toBe(true);
    expect(isTrustedPipeOwner('S-1-5-32-544', ALICE)).toBe(true);
    expect(isTrustedPipeOwner('S-1-5-18', ALICE)).toBe(true);
    expect(isTrustedPipeOwner(MALLORY, ALICE)).toBe(false);
    expect(isTrustedPipeOwner('S-1-1-0', ALICE)).toBe(false); // Everyone
    expect(isTrustedPipeOwner('S-1-5-32-545', ALICE)).toBe(false); // Users
  });
});
