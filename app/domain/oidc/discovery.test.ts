import { describe, expect, it } from 'vitest';
import { discoveryUrl, parseDiscovery } from './discovery';

describe('discovery', () => {
  it('is under the issuer, one slash between', () => {
    expect(discoveryUrl('https://idp.example.com/realms/acme')).toBe('https://idp.example.com/realms/acme/.well-known/openid-configuration');
    expect(discoveryUrl('https://accounts.example.com/')).toBe('https://accounts.example.com/.well-known/openid-configuration');
  });
  it('takes jwks_uri when the document names exactly the configured issuer', () => {
    expect(parseDiscovery('https://idp.example.com', { issuer: 'https://idp.example.com', jwks_uri: 'https://keys.example.com/jwks' })).toEqual({
      issuer: 'https://idp.example.com',
      jwksUri: 'https://keys.example.com/jwks',
    });
  });
  it('refuses another issuer, even one slash apart, saying both', () => {
    expect(() => parseDiscovery('https://idp.example.com', { issuer: 'https://idp.example.com/', jwks_uri: 'https://idp.example.com/jwks' })).toThrow(
      /names issuer "https:\/\/idp.example.com\/", not the configured "https:\/\/idp.example.com"/,
    );
  });
  it('refuses a missing or non-https jwks_uri and non-objects', () => {
    expect(() => parseDiscovery('https://i', { issuer: 'https://i' })).toThrow(/jwks_uri undefined is not an https/);
    expect(() => parseDiscovery('https://i', { issuer: 'https://i', jwks_uri: 'http://i/jwks' })).toThrow(/jwks_uri "http:\/\/i\/jwks"/);
    expect(() => parseDiscovery('https://i', [])).toThrow(/not a JSON object/);
  });
});
