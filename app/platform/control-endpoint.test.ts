// The control endpoint's name: on Windows a pipe name unique per user and app-data dir (pipe
// names are global to the machine), elsewhere a socket in the app-data dir.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlEndpoint, controlPipeName } from './control-endpoint';

const ROOT = 'C:\\Users\\Alice Smith\\AppData\\Roaming\\Gatehouse';
const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1001';
const BOB = 'S-1-5-21-1004336348-1177238915-682003330-1002';

describe('controlPipeName', () => {
  it('is \\\\.\\pipe\\gatehouse- and 32 hex digits of sha256(full path, SID)', () => {
    const name = controlPipeName(ROOT, ALICE);
    expect(name).toMatch(/^\\\\\.\\pipe\\gatehouse-[0-9a-f]{32}$/);
    const expected = createHash('sha256').update(`c:\\users\\alice smith\\appdata\\roaming\\gatehouse\0${ALICE}`).digest('hex').slice(0, 32);
    expect(name).toBe(`\\\\.\\pipe\\gatehouse-${expected}`);
  });

  it('differs per user for the same directory, and per directory for the same user', () => {
    expect(controlPipeName(ROOT, ALICE)).not.toBe(controlPipeName(ROOT, BOB));
    // The old name (last 8 bytes of the path) was the same for every user: "...Gatehouse".
    expect(controlPipeName('C:\\Users\\bob\\AppData\\Roaming\\Gatehouse', ALICE)).not.toBe(controlPipeName(ROOT, ALICE));
    expect(controlPipeName('D:\\profiles\\two\\Gatehouse', ALICE)).not.toBe(controlPipeName('D:\\profiles\\one\\Gatehouse', ALICE));
  });

  it('is the same for spellings of one directory (case, separators, trailing slash, dot segments)', () => {
    const name = controlPipeName(ROOT, ALICE);
    for (const spelling of ['c:\\users\\alice smith\\appdata\\roaming\\gatehouse', 'C:/Users/Alice Smith/AppData/Roaming/Gatehouse/', 'C:\\Users\\Alice Smith\\AppData\\Local\\..\\Roaming\\Gatehouse']) {
      expect(controlPipeName(spelling, ALICE), spelling).toBe(name);
    }
  });
});

describe('controlEndpoint', () => {
  it('asks for the SID on win32 only', () => {
    expect(controlEndpoint(ROOT, 'win32', () => ALICE)).toBe(controlPipeName(ROOT, ALICE));
    const never = (): string => {
      throw new Error('SID asked for on POSIX');
    };
    expect(controlEndpoint('/home/alice/.local/share/gatehouse', 'linux', never)).toBe(path.join('/home/alice/.local/share/gatehouse', 'agent.sock'));
    expect(controlEndpoint('/Users/alice/Library/Application Support/Gatehouse', 'darwin', never)).toBe(path.join('/Users/alice/Library/Application Support/Gatehouse', 'agent.sock'));
  });
});
