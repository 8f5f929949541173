// The person's address: the peer's, unless the peer is a trusted load balancer; then the
// X-Forwarded-For entries those trusted hops appended, read from the right. A client's own claim
// (anything further left, or any header from an untrusted peer) is never the answer.
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

const trusted = new BlockList();
trusted.addSubnet('10.0.0.0', 8, 'ipv4');
trusted.addSubnet('fd00::', 8, 'ipv6');
const none = new BlockList();

describe('clientAddressOf', () => {
  it('is the peer when the peer is not trusted, whatever the header says', () => {
    expect(clientAddressOf('203.0.113.9', '1.2.3.4', trusted)).toBe('203.0.113.9');
    expect(clientAddressOf('10.0.0.5', '1.2.3.4', none)).toBe('10.0.0.5');
    expect(clientAddressOf('::ffff:203.0.113.9', undefined, trusted)).toBe('203.0.113.9');
  });

  it('believes a trusted balancer about the hop before it', () => {
    expect(clientAddressOf('10.0.0.5', '198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddressOf('::ffff:10.0.0.5', '198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddressOf('fd00::2', '2001:db8::1', trusted)).toBe('2001:db8::1');
  });

  it('ignores what the client wrote left of the first untrusted hop', () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the balancer appended the address it saw.
    expect(clientAddressOf('10.0.0.5', '6.6.6.6, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddressOf('10.0.0.5', ['6.6.6.6', '198.51.100.7, 10.1.1.1'], trusted)).toBe('198.51.100.7');
  });

  it('stops at a malformed entry: the trusted hop right of it is as far as it goes', () => {
    expect(clientAddressOf('10.0.0.5', '198.51.100.7, not-an-ip', trusted)).toBe('10.0.0.5');
    expect(clientAddressOf('10.0.0.5', '198.51.100.7, garbage, 10.2.2.2', trusted)).toBe('10.2.2.2');
  });

  it('all trusted: the leftmost', () => {
    expect(clientAddressOf('10.0.0.5', '10.9.9.9, 10.8.8.8', trusted)).toBe('10.9.9.9');
  });
});
