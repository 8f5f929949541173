import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackHost } from './host-check';

describe('Host check (DNS rebinding)', () => {
  it.each(['localhost', 'localhost:16443', '127.0.0.1', '127.0.0.1:80', '127.1.2.3:1', '[::1]', '[::1]:16443', 'LOCALHOST:1', 'app.localhost:5'])(
    'accepts %s',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['evil.example', 'evil.example:16443', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1', '[::2]', '', '[::1', 'localhost:abc'])(
    'refuses %s',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
  it('refuses a missing Host', () => expect(isLoopbackHost(undefined)).toBe(false));
  it('parses bracketed IPv6', () => expect(hostName('[::1]:8080')).toBe('::1'));
});
