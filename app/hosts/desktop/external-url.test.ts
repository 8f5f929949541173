// Only http(s) reaches the system's opener; what the core is told says whether it opened.
import { describe, expect, it } from 'vitest';
import { browsableUrl, externalOpener } from './external-url';

describe('external URLs', () => {
  const table: [string, string | null][] = [
    [
      'https://idp.example.com/auth?client_id=gatehouse&state=x',
      'https://idp.example.com/auth?client_id=gatehouse&state=x',
    ],
    ['http://127.0.0.1:4000/auth?x=1', 'http://127.0.0.1:4000/auth?x=1'],
    ['HTTPS://IdP.Example.com/a b', 'https://idp.example.com/a%20b'],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['smb://attacker/share', null],
    ['ms-msdt:/id PCWDiagnostic', null],
    ['data:text/html,<script>1</script>', null],
    ['mailto:a@example.com', null],
    ['//idp.example.com/auth', null],
    ['idp.example.com/auth', null],
    ['', null],
  ];
  it.each(table)('%s → %s', (url, expected) => {
    expect(browsableUrl(url)).toBe(expected);
  });

  it('hands only http(s) to the shell, normalised, and says true once the shell resolved', async () => {
    const opened: string[] = [];
    const open = externalOpener(async (url) => {
      opened.push(url);
    });
    expect(await open('HTTPS://IdP.Example.com/auth')).toBe(true);
    expect(await open('file:///etc/passwd')).toBe(false);
    expect(await open('not a url')).toBe(false);
    expect(opened).toEqual(['https://idp.example.com/auth']);
  });

  it('says false when the shell could not open it', async () => {
    const open = externalOpener(async () => {
      throw new Error('no browser');
    });
    expect(await open('https://idp.example.com/auth')).toBe(false);
  });
});
