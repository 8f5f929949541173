// The gateway config: what the Helm chart renders is accepted; every mistake is one line naming
// the file, the key (with its line) and the problem; paths are relative to the file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { loadGatewayConfig, parseCidr } from './config';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-gwconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(text: string): string {
  const file = join(dir, `config-${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

const MINIMAL = `listen: 0.0.0.0:8443
tls: {certFile: tls.crt, keyFile: tls.key}
org: org/org.yaml
oidc:
  issuer: https://idp.example.com/realms/acme
  clientId: gatehouse
`;

function problem(text: string): string {
  const file = write(text);
  try {
    loadGatewayConfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).kind).toBe('config');
    const message = (err as Error).message;
    expect(message.startsWith(`gateway config ${file}: `)).toBe(true);
    return message.slice(`gateway config ${file}: `.length);
  }
  throw new Error('expected the config to be refused');
}

describe('gateway config', () => {
  it('fills in defaults and resolves paths against the file', () => {
    const file = write(MINIMAL);
    const c = loadGatewayConfig(file);
    expect(c.listen).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(c.tls).toEqual({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') });
    expect(c.org).toBe(join(dir, 'org/org.yaml'));
    expect(c.oidc).toEqual({ issuer: 'https://idp.example.com/realms/acme', clientId: 'gatehouse', usernameClaim: 'email', scopes: ['openid', 'email', 'profile', 'offline_access'] });
    expect(c.admins).toEqual([]);
    expect(c.recordings).toBeNull();
    expect(c.shutdownGraceMs).toBe(20_000);
    expect(c.trustedProxyList).toEqual([]);
  });

  it('reads what the chart renders, with its extraConfig keys', () => {
    const c = loadGatewayConfig(
      write(`${MINIMAL.replace('clientId: gatehouse', 'clientId: gatehouse\n  caFile: /etc/gatehouse/oidc-ca/ca.crt\n  usernameClaim: email\n  groupsClaim: groups')}admins: [Ops@Example.com]
recordings: {dir: /var/lib/gatehouse/recordings}
trustedProxies: [10.0.0.0/8, "fd00::/8", 192.168.1.7]
shutdownGraceSeconds: 5
serviceAccountDir: sa
`),
    );
    expect(c.oidc.caFile).toBe('/etc/gatehouse/oidc-ca/ca.crt');
    expect(c.oidc.groupsClaim).toBe('groups');
    expect(c.oidc.scopes).toContain('groups');
    expect(c.admins).toEqual(['ops@example.com']);
    expect(c.recordings).toEqual({ dir: '/var/lib/gatehouse/recordings' });
    expect(c.trustedProxies.check('10.1.2.3', 'ipv4')).toBe(true);
    expect(c.trustedProxies.check('192.168.1.7', 'ipv4')).toBe(true);
    expect(c.trustedProxies.check('192.168.1.8', 'ipv4')).toBe(false);
    expect(c.trustedProxies.check('fd00::1', 'ipv6')).toBe(true);
    expect(c.shutdownGraceMs).toBe(5_000);
    expect(c.serviceAccountDir).toBe(join(dir, 'sa'));
  });

  it('takes IPv6 listen addresses and port 0', () => {
    expect(loadGatewayConfig(write(MINIMAL.replace('0.0.0.0:8443', '"[::]:0"'))).listen).toEqual({ host: '::', port: 0 });
  });

  it.each([
    [MINIMAL.replace('0.0.0.0:8443', '0.0.0.0'), /^listen \(line 1\): must be host:port/],
    [MINIMAL.replace('0.0.0.0:8443', '0.0.0.0:70000'), /^listen \(line 1\): must be host:port/],
    [MINIMAL.replace('https://idp', 'http://idp'), /^oidc\.issuer \(line 5\): must be an https:\/\/ URL$/],
    [MINIMAL.replace('  clientId: gatehouse\n', ''), /^oidc\.clientId \(line 4\): is required$/],
    [MINIMAL.replace('tls: {certFile: tls.crt, keyFile: tls.key}', 'tls: {certFile: tls.crt}'), /^tls\.keyFile \(line 2\): is required$/],
    [`${MINIMAL}admin: [a@b.c]\n`, /^admin \(line 7\): unknown key; allowed keys: listen, tls, org, oidc, admins, /],
    [`${MINIMAL}trustedProxies: [10.0.0.0/33]\n`, /^trustedProxies\[0\] \(line 7\): must be an IP address or CIDR block/],
    [`${MINIMAL}recordings: on\n`, /^recordings \(line 7\): must be "off" or \{dir: DIRECTORY\}$/],
    [`${MINIMAL}shutdownGraceSeconds: 1.5\n`, /^shutdownGraceSeconds \(line 7\): must be a whole number of seconds$/],
    ['listen: [', /^line 1: invalid YAML/],
    ['- a\n', /^must be a map of keys/],
  ])('refuses a mistake, naming the key: %#', (text, expected) => {
    expect(problem(text)).toMatch(expected);
  });

  it('names an unreadable file', () => {
    expect(() => loadGatewayConfig(join(dir, 'nope.yaml'))).toThrow(/gateway config .*nope\.yaml: cannot be read \(ENOENT\)/);
  });

  it('parses addresses and CIDR blocks strictly', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['10.0.0.0/', '10.0.0.0/8/8', 'host/8', '10.0.0.0/-1', '::/129']) expect(parseCidr(bad), bad).toBeNull();
  });
});

describe('the config the Helm chart renders', () => {
  it('deploy/manifests (rendered from the chart) holds a config this loader accepts', async () => {
    const { parseAllDocuments } = await import('yaml');
    const manifests = readFileSync(new URL('../../../deploy/manifests/gatehouse-gateway.yaml', import.meta.url), 'utf8');
    const configMaps = parseAllDocuments(manifests)
      .map((d) => d.toJS() as { kind?: string; data?: Record<string, string> } | null)
      .filter((o) => o?.kind === 'ConfigMap' && o.data?.['config.yaml'] !== undefined);
    expect(configMaps).toHaveLength(1);
    const c = loadGatewayConfig(write(configMaps[0]?.data?.['config.yaml'] ?? ''));
    expect(c.listen.port).toBe(8443);
    expect(c.org).toBe('/etc/gatehouse/org/org.yaml');
    expect(c.tls.certFile).toBe('/etc/gatehouse/tls/tls.crt');
  });
});
