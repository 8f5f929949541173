import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { parseGatewayUrl } from './gateway-url';

describe('parseGatewayUrl', () => {
  const accepted: [string, string][] = [
    ['https://gateway.example.com', 'https://gateway.example.com'],
    ['https://gateway.example.com/', 'https://gateway.example.com'],
    ['  https://Gateway.Example.COM:8443  ', 'https://gateway.example.com:8443'],
    ['https://gateway.example.com:443', 'https://gateway.example.com'],
    ['https://127.0.0.1:18443', 'https://127.0.0.1:18443'],
    ['https://[::1]:8443/', 'https://[::1]:8443'],
  ];
  it.each(accepted)('%j → %j', (input, origin) => {
    expect(parseGatewayUrl(input)).toBe(origin);
  });

  const refused: [string, RegExp][] = [
    ['gateway.example.com', /not a URL/],
    ['', /not a URL/],
    ['http://gateway.example.com', /http is not https/],
    ['wss://gateway.example.com', /wss is not https/],
    ['https://gateway.example.com/k8s/staging', /a path \(\/k8s\/staging\) is not allowed/],
    ['https://gateway.example.com//', /a path/],
    ['https://gateway.example.com/?x=1', /a query is not allowed/],
    ['https://gateway.example.com?', /a query is not allowed/],
    ['https://gateway.example.com/#top', /a fragment is not allowed/],
    ['https://gateway.example.com#', /a fragment is not allowed/],
    ['https://gateway.corp@evil.example', /a user name or password/],
    ['https://user:pw@gateway.example.com', /a user name or password/],
  ];
  it.each(refused)('%j is a usage error (%s)', (input, why) => {
    let thrown: unknown;
    try {
      parseGatewayUrl(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatehouseError);
    expect((thrown as GatehouseError).kind).toBe('usage');
    expect((thrown as GatehouseError).message).toMatch(why);
    expect((thrown as GatehouseError).message).toMatch(/expected https:\/\/host\[:port\]$/);
  });
});
