import { describe, expect, it } from 'vitest';
import { tlsMaterialKey } from './kept-alive-agents';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('tlsMaterialKey: which agents may share connections', () => {
  const cases: Array<[string, Parameters<typeof tlsMaterialKey>[0], Parameters<typeof tlsMaterialKey>[0], boolean]> = [
    ['the same CA text', { ca: CA }, { ca: CA }, true],
    ['the CA as a Buffer or as text', { ca: Buffer.from(CA) }, { ca: CA }, true],
    ['another CA', { ca: CA }, { ca: CA.replace('MIIB', 'MIIC') }, false],
    ['a client key only on one', { ca: CA, cert: 'c', key: 'k' }, { ca: CA, cert: 'c' }, false],
    ['a rotated client key', { ca: CA, cert: 'c', key: 'k1' }, { ca: CA, cert: 'c', key: 'k2' }, false],
    ['another server name', { ca: CA, servername: 'a.example' }, { ca: CA, servername: 'b.example' }, false],
    ['verification off on one', { ca: CA, rejectUnauthorized: false }, { ca: CA }, false],
    ['options that are not TLS material', { ca: CA, timeout: 1 } as never, { ca: CA, timeout: 2 } as never, true],
  ];
  it.each(cases)('%s', (_name, a, b, same) => {
    expect(tlsMaterialKey(a) === tlsMaterialKey(b)).toBe(same);
  });

  it('holds digests, never the key material itself', () => {
    const key = tlsMaterialKey({ key: '-----BEGIN PRIVATE KEY-----secret', passphrase: 'hunter2' });
    expect(key).not.toContain('secret');
    expect(key).not.toContain('hunter2');
  });
});
