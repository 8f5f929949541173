// The test provider's own CA and serving certificate for 127.0.0.1, made fresh per start. Its own
// CA (not the machine's local one of app/domain/proxy/local-tls.ts) so a verifier that trusts it proves
// `caFile` is honoured: nothing else on the machine trusts this CA.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface ProviderTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const DAY = 24 * 60 * 60 * 1000;

function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // Node's native generator: forge's pure-JS RSA takes seconds.
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function sign(cert: forge.pki.Certificate, subject: string, issuer: forge.pki.Certificate | null, signer: forge.pki.rsa.PrivateKey): void {
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY);
  const attrs = [{ name: 'commonName', value: subject }, { name: 'organizationName', value: 'Gatehouse tests' }];
  cert.setSubject(attrs);
  cert.setIssuer(issuer ? issuer.subject.attributes : attrs);
  cert.sign(signer, forge.md.sha256.create());
}

export function makeProviderTls(): ProviderTls {
  return makeServingTls('Gatehouse test OpenID provider CA');
}

/**
 * A fresh CA named `caName` and a serving certificate signed by it for 127.0.0.1 and localhost:
 * the test provider's, and the one tests make for a gateway they start (nothing else trusts it).
 */
export function makeServingTls(caName: string): ProviderTls {
  const caKey = rsaKey();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKey.publicKey;
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  sign(ca, caName, null, caKey.forgeKey);

  const leafKey = rsaKey();
  const leaf = forge.pki.createCertificate();
  leaf.publicKey = leafKey.publicKey;
  leaf.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  sign(leaf, '127.0.0.1', ca, caKey.forgeKey);

  const caPem = forge.pki.certificateToPem(ca);
  return { caPem, certPem: forge.pki.certificateToPem(leaf) + caPem, keyPem: leafKey.pem };
}
