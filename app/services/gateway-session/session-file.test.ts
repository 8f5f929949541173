// The session file: written owner-only and atomically, read back as written, the refresh token
// sealed by the box (a box round trip), a file sealed by another box refused with a clear
// message, and any malformed file treated as signed out with a message naming it.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { plainBox, type SecretBox } from './secret-box';
import {
  openSecret,
  readSessionFile,
  SEALED_ELSEWHERE,
  sealSecret,
  writeSessionFile,
  type GatewaySessionRecord,
} from './session-file';

/** A box that really transforms the text (as safeStorage does), and knows what it sealed. */
function xorBox(key: number): SecretBox {
  const flip = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ key));
  return {
    storage: 'encrypted',
    seal: (text) => `x1:${flip(Buffer.from(`gatehouse:${text}`)).toString('base64')}`,
    open: (sealed) => {
      if (!sealed.startsWith('x1:')) throw new Error('not sealed by this box');
      const text = flip(Buffer.from(sealed.slice(3), 'base64')).toString();
      if (!text.startsWith('gatehouse:')) throw new Error('not sealed by this key');
      return text.slice('gatehouse:'.length);
    },
  };
}

const REFRESH = 'refresh-token-0123456789abcdef';

function record(box: SecretBox): GatewaySessionRecord {
  return {
    id: 'sess-1',
    gateway: 'https://gw.example:8443',
    caPem: null,
    info: {
      issuer: 'https://idp.example',
      clientId: 'gatehouse',
      scopes: ['openid', 'email'],
      usernameClaim: 'email',
      groupsClaim: null,
      kubernetesPathPrefix: '/k8s/',
      version: '1.0.0',
    },
    username: 'alice@example.com',
    idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEwMDEifQ.c2ln',
    idTokenIssuedAt: new Date('2025-01-01T10:00:00.000Z'),
    idTokenExpiresAt: new Date('2025-01-01T10:10:00.000Z'),
    refreshToken: sealSecret(box, REFRESH),
    expired: null,
    signedInAt: new Date('2025-01-01T10:00:00.000Z'),
  };
}

const sessionFile = (): string =>
  join(mkdtempSync(join(tmpdir(), 'gatehouse-session-')), 'home', 'gateway-session.json');

describe('session file', () => {
  it('round trip with the plain box: 0600, read back equal', () => {
    const file = sessionFile();
    const written = record(plainBox);
    writeSessionFile(file, written);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    const read = readSessionFile(file);
    expect(read).toEqual({ state: 'present', session: written });
    if (read.state !== 'present' || !read.session.refreshToken) throw new Error('unreachable');
    expect(read.session.refreshToken.storage).toBe('owner-only-file');
    expect(openSecret(plainBox, read.session.refreshToken)).toBe(REFRESH);
  });

  it('with a sealing box the file holds no plain refresh token, and the box opens it again', () => {
    const file = sessionFile();
    const box = xorBox(0x5a);
    writeSessionFile(file, record(box));
    const content = readFileSync(file, 'utf8');
    expect(content).not.toContain(REFRESH);
    expect(JSON.parse(content).refreshToken.storage).toBe('encrypted');
    const read = readSessionFile(file);
    if (read.state !== 'present' || !read.session.refreshToken) throw new Error('unreachable');
    expect(openSecret(box, read.session.refreshToken)).toBe(REFRESH);
  });

  it("a refresh token sealed by a box this process does not have is 'not-signed-in', said plainly", () => {
    const sealed = sealSecret(xorBox(0x5a), REFRESH);
    if (!sealed) throw new Error('unreachable');
    // Another kind of box (the CLI's plain one) …
    expect(() => openSecret(plainBox, sealed)).toThrow(new GatehouseError('not-signed-in', SEALED_ELSEWHERE));
    // … or the same kind with another key (another OS user's keychain).
    expect(() => openSecret(xorBox(0x33), sealed)).toThrow(new GatehouseError('not-signed-in', SEALED_ELSEWHERE));
    expect(SEALED_ELSEWHERE).toBe('signed in with the desktop app: start it, or run "gatehouse login"');
  });

  it('no file: absent (signed out, nothing to say)', () => {
    expect(readSessionFile(sessionFile())).toEqual({ state: 'absent' });
  });

  const valid = (): Record<string, unknown> => ({ version: 1, ...JSON.parse(JSON.stringify(record(plainBox))) });
  const malformed: [string, string, RegExp][] = [
    ['not JSON', '{"version": 1,', /\(not JSON\)/],
    ['empty', '', /\(not JSON\)/],
    ['an array', '[]', /\(the file: /],
    ['another version', JSON.stringify({ ...valid(), version: 2 }), /\(version: /],
    ['no ID token', JSON.stringify({ ...valid(), idToken: undefined }), /\(idToken: /],
    ['a date that is not one', JSON.stringify({ ...valid(), idTokenExpiresAt: 'tomorrow' }), /\(idTokenExpiresAt: /],
    [
      'an unknown storage',
      JSON.stringify({ ...valid(), refreshToken: { storage: 'vault', sealed: 'x' } }),
      /\(refreshToken\.storage: /,
    ],
    [
      'gateway info broken',
      JSON.stringify({ ...valid(), info: { issuer: 'x' } }),
      /\(info: not the gateway sign-in document\)/,
    ],
  ];
  it.each(malformed)('%s → signed out, the message naming the file', (_name, content, why) => {
    const file = sessionFile();
    writeSessionFile(file, record(plainBox));
    writeFileSync(file, content);
    const read = readSessionFile(file);
    expect(read.state).toBe('malformed');
    if (read.state !== 'malformed') return;
    expect(read.problem.startsWith(`${file}: not a usable Gatehouse gateway sign-in (`)).toBe(true);
    expect(read.problem).toMatch(why);
    expect(read.problem).toMatch(/; signed out: run "gatehouse login"$/);
    expect(read.problem).not.toContain(REFRESH);
  });
});
