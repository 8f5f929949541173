// Parsing `whoami /user` as Windows prints it (table and CSV, English and localised); the command
// itself runs on win32 only.
import { describe, expect, it } from 'vitest';
import { currentUserSid, parseWhoamiSid } from './user-sid';

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';

describe('parseWhoamiSid', () => {
  it('reads the table format', () => {
    const output = `\r\nUSER INFORMATION\r\n----------------\r\n\r\nUser Name           SID\r\n=================== ==============================================\r\ndesktop-7f3k\\alice  ${SID}\r\n`;
    expect(parseWhoamiSid(output)).toBe(SID);
  });

  it('reads the CSV format and localised headers, and a user name with spaces', () => {
    expect(parseWhoamiSid(`"corp\\alice smith","${SID}"\r\n`)).toBe(SID);
    const french = `\r\nINFORMATIONS SUR L'UTILISATEUR\r\n------------------------------\r\n\r\nNom d'utilisateur SID\r\n================= ===\r\nposte\\rené        ${SID}\r\n`;
    expect(parseWhoamiSid(french)).toBe(SID);
  });

  it('reads well-known SIDs (LocalSystem)', () => {
    expect(parseWhoamiSid('"nt authority\\system","S-1-5-18"')).toBe('S-1-5-18');
  });

  it('says what it got when there is no SID', () => {
    expect(() => parseWhoamiSid('ERROR: Access is denied.\r\n')).toThrow('cannot find the user\'s SID in the output of "whoami /user": "ERROR: Access is denied."');
  });

  it.runIf(process.platform !== 'win32')('is not asked on POSIX', () => {
    expect(() => currentUserSid()).toThrow('for Windows only');
  });
});
