// TLS for the loopback listeners. SPEC §4/§5 describe `http://127.0.0.1:<port>` with a bearer
// token, but client-go (so kubectl and every Go tool) never sends credentials over plain HTTP
// (kubernetes/kubectl#744): the token would simply be dropped. So each machine gets its own local
// CA, created once in app data (key mode 0600); listeners serve a certificate for 127.0.0.1 /
// localhost / ::1 signed by it, and the kubeconfig entries Gatehouse writes pin that CA.
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '../state/atomic-write';

export interface LocalTls {
  /** PEM of the local CA, for kubeconfig `certificate-authority-data`. */
  caPem: string;
  /** Serving certificate chain (leaf + CA) and key, for https.createServer. */
  certPem: string;
  keyPem: string;
}

const DAY = 24 * 60 * 60 * 1000;
/** Renew the serving certificate when less than this is left. */
const RENEW_BEFORE = 30 * DAY;

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // Node's native generator: forge's pure-JS RSA would take seconds.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

function certificate(opts: {
  subject: string;
  publicKey: forge.pki.rsa.PublicKey;
  signer: forge.pki.rsa.PrivateKey;
  issuer?: forge.pki.Certificate;
  days: number;
  ca: boolean;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = opts.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + opts.days * DAY);
  const subject = [{ name: 'commonName', value: opts.subject }, { name: 'organizationName', value: 'Gatehouse (this machine only)' }];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.subject.attributes : subject);
  cert.setExtensions(
    opts.ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 7, ip: '127.0.0.1' },
              { type: 7, ip: '::1' },
              { type: 2, value: 'localhost' },
            ],
          },
        ],
  );
  cert.sign(opts.signer, forge.md.sha256.create());
  return cert;
}

function readIfValid(certFile: string, keyFile: string): { certPem: string; keyPem: string } | null {
  try {
    const certPem = readFileSync(certFile, 'utf8');
    const keyPem = readFileSync(keyFile, 'utf8');
    const validTo = Date.parse(new X509Certificate(certPem).validTo);
    return validTo - Date.now() > RENEW_BEFORE ? { certPem, keyPem } : null;
  } catch {
    return null;
  }
}

/** The machine's local CA and serving certificate, created or renewed as needed. */
export function ensureLocalTls(dir: string): LocalTls {
  const files = {
    caCert: join(dir, 'local-ca.crt'),
    caKey: join(dir, 'local-ca.key'),
    cert: join(dir, 'localhost.crt'),
    key: join(dir, 'localhost.key'),
  };
  let ca = readIfValid(files.caCert, files.caKey);
  let renewedCa = false;
  if (!ca) {
    const keys = newKeyPair();
    const cert = certificate({ subject: 'Gatehouse local CA', publicKey: keys.publicKey, signer: keys.privateKey, days: 3650, ca: true });
    ca = { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
    writeFileAtomic(files.caKey, ca.keyPem, 0o600);
    writeFileAtomic(files.caCert, ca.certPem, 0o644);
    renewedCa = true;
  }
  let leaf = renewedCa ? null : readIfValid(files.cert, files.key);
  if (!leaf) {
    const keys = newKeyPair();
    const caCert = forge.pki.certificateFromPem(ca.certPem);
    const cert = certificate({
      subject: 'localhost',
      publicKey: keys.publicKey,
      signer: forge.pki.privateKeyFromPem(ca.keyPem),
      issuer: caCert,
      days: 365,
      ca: false,
    });
    leaf = { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
    writeFileAtomic(files.key, leaf.keyPem, 0o600);
    writeFileAtomic(files.cert, leaf.certPem, 0o644);
  }
  return { caPem: ca.certPem, certPem: leaf.certPem + ca.certPem, keyPem: leaf.keyPem };
}
