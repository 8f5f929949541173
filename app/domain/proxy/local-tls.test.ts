// The local CA may only vouch for the loopback names (X.509 name constraints): checked with
// openssl's own reading of the certificate, with Node's TLS and with real kubectl (Go's verifier),
// both for the serving certificate (accepted) and for one minted for another site (refused).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLocalTls, type LocalTls } from './local-tls';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-local-tls-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => join(root, `tls-${++dirs}`);

const opensslText = (pem: string): string => execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });

/** A certificate for `names` signed by the CA in `dir`, as a stolen CA key would allow (chain: leaf + CA). */
function mintLeaf(dir: string, names: { dns?: string; ip?: string }[]): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(readFileSync(join(dir, 'local-ca.crt'), 'utf8'));
  const caKey = forge.pki.privateKeyFromPem(readFileSync(join(dir, 'local-ca.key'), 'utf8'));
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: names[0]?.dns ?? 'x' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (n.ip ? { type: 7, ip: n.ip } : { type: 2, value: n.dns })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert) + forge.pki.certificateToPem(caCert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** An HTTPS server on 127.0.0.1 serving `cert` (a chain: leaf, then CA) that answers /version like an API server. */
async function serve(cert: { certPem: string; keyPem: string }): Promise<{ port: number; close: () => Promise<void> }> {
  const server = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end('{"major":"1","minor":"35","gitVersion":"v1.35.0-local-tls-test"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Node's verdict on the server's certificate for `servername`: 'ok' or the verification error code. */
function nodeVerdict(port: number, caPem: string, servername: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca: caPem, servername: servername === '127.0.0.1' ? undefined : servername, checkServerIdentity: (host, peer) => tls.checkServerIdentity(servername, peer) });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(`${err.code ?? ''}: ${err.message}`));
  });
}

type KubectlVersion = '1.27' | '1.33';

/** The machine's real kubectl, with a clean environment and a discovery cache of its own. */
function kubectl(args: string[], kubeconfig: string, version: KubectlVersion): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, KUBECACHEDIR: join(root, 'kube-cache'), KUBECONFIG: kubeconfig };
  return new Promise((resolve) => {
    execFile(`/usr/lib/google-cloud-sdk/bin/kubectl.${version}`, args, { env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/** kubectl straight at the server with the CA pinned, as Gatehouse's kubeconfig entries do. */
async function kubectlVersion(version: KubectlVersion, port: number, caPem: string, host: string, tlsServerName?: string) {
  const dir = mkdtempSync(join(root, 'kubeconfig-'));
  const kubeconfig = join(dir, 'config');
  const cluster = { server: `https://${host}:${port}`, 'certificate-authority-data': Buffer.from(caPem).toString('base64'), ...(tlsServerName ? { 'tls-server-name': tlsServerName } : {}) };
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user: { token: 'local' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  return kubectl(['get', '--raw', '/version'], kubeconfig, version);
}

describe('the local CA', () => {
  const dir = freshDir();
  const material: LocalTls = ensureLocalTls(dir);

  it('carries critical name constraints: 127.0.0.1/32, ::1/128 and localhost only', () => {
    const text = opensslText(material.caPem);
    expect(text).toMatch(
      /X509v3 Name Constraints: critical\n\s+Permitted:\n\s+IP:127\.0\.0\.1\/255\.255\.255\.255\n\s+IP:0:0:0:0:0:0:0:1\/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF\n\s+DNS:localhost\n\s+Signature Algorithm/,
    );
    expect(text).not.toContain('Excluded:');
    const ca = new X509Certificate(material.caPem);
    expect(ca.ca).toBe(true);
    const leaf = new X509Certificate(material.certPem);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:localhost');
  });

  it('Node accepts the serving certificate for 127.0.0.1 and localhost, and refuses one minted for another site', async () => {
    const good = await serve(material);
    const evil = await serve(mintLeaf(dir, [{ dns: 'evil.example.com' }, { ip: '10.0.0.1' }]));
    try {
      expect(await nodeVerdict(good.port, material.caPem, '127.0.0.1')).toBe('ok');
      expect(await nodeVerdict(good.port, material.caPem, 'localhost')).toBe('ok');
      // Without the constraints this would be 'ok': the name matches and the CA signed it.
      expect(await nodeVerdict(evil.port, material.caPem, 'evil.example.com')).toMatch(/permitted subtree violation/);
    } finally {
      await good.close();
      await evil.close();
    }
  });

  for (const version of ['1.33', '1.27'] as const) {
    it(`kubectl ${version} accepts the serving certificate at 127.0.0.1 and localhost, and refuses another site's`, async () => {
      const good = await serve(material);
      const evil = await serve(mintLeaf(dir, [{ dns: 'evil.example.com' }]));
      try {
        for (const host of ['127.0.0.1', 'localhost']) {
          const r = await kubectlVersion(version, good.port, material.caPem, host);
          expect(r.stderr).toBe('');
          expect(r.stdout).toContain('v1.35.0-local-tls-test');
        }
        const refused = await kubectlVersion(version, evil.port, material.caPem, '127.0.0.1', 'evil.example.com');
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toMatch(/not authorized to sign for this name|not permitted by any constraint/);
        expect(refused.stdout).not.toContain('v1.35.0-local-tls-test');
      } finally {
        await good.close();
        await evil.close();
      }
    });
  }
});

describe('a CA made before name constraints', () => {
  it('is replaced, with its serving certificate, and the replacement is kept from then on', () => {
    const dir = freshDir();
    ensureLocalTls(dir);
    // An unconstrained CA and a leaf of its own, as older versions wrote them.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=Gatehouse local CA', '-days', '3650', '-keyout', join(dir, 'local-ca.key'), '-out', join(dir, 'local-ca.crt')], { stdio: 'ignore' });
    const oldCa = readFileSync(join(dir, 'local-ca.crt'), 'utf8');
    const oldLeaf = mintLeaf(dir, [{ ip: '127.0.0.1' }, { dns: 'localhost' }]);
    writeFileSync(join(dir, 'localhost.crt'), oldLeaf.certPem);
    writeFileSync(join(dir, 'localhost.key'), oldLeaf.keyPem);
    expect(opensslText(oldCa)).not.toContain('Name Constraints');

    const renewed = ensureLocalTls(dir);
    expect(renewed.caPem).not.toBe(oldCa);
    expect(opensslText(renewed.caPem)).toContain('X509v3 Name Constraints: critical');
    expect(readFileSync(join(dir, 'local-ca.crt'), 'utf8')).toBe(renewed.caPem);
    const leaf = new X509Certificate(readFileSync(join(dir, 'localhost.crt'), 'utf8'));
    expect(leaf.verify(new X509Certificate(renewed.caPem).publicKey)).toBe(true);
    expect(renewed.certPem.startsWith(oldLeaf.certPem)).toBe(false);

    const again = ensureLocalTls(dir);
    expect(again).toEqual(renewed);
  });
});
