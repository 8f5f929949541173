// TLS for the loopback listeners. SPEC §4/§5 describe `http://127.0.0.1:<port>` with a bearer
// token, but client-go (so kubectl and every Go tool) never sends credentials over plain HTTP
// (kubernetes/kubectl#744): the token would simply be dropped. So each machine gets its own local
// CA, created once in app data (key mode 0600); listeners serve a certificate for 127.0.0.1 /
// localhost / ::1 signed by it, and the kubeconfig entries Gatehouse writes pin that CA.
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '../../platform/atomic-write';

export interface LocalTls {
  /** PEM of the local CA, for kubeconfig `certificate-authority-data`. */
  caPem: string;
  /** Serving certificate chain (leaf + CA) and key, for https.createServer. */
  certPem: string;
  keyPem: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * X.509 name constraints (RFC 5280 §4.2.1.10) for the local CA: it may only vouch for the loopback
 * names its listeners serve. Its key sits in app data; if it were ever stolen, or the CA trusted
 * more widely than the kubeconfig entries that pin it, it still could not mint a certificate that
 * a verifier accepts for any other site. node-forge encodes no nameConstraints, so the DER is
 * built here:
 *   NameConstraints ::= SEQUENCE { permittedSubtrees [0] IMPLICIT GeneralSubtrees }
 *   GeneralSubtree  ::= SEQUENCE { base GeneralName }   (minimum 0 and no maximum: the defaults)
 *   GeneralName     ::= iPAddress [7] IMPLICIT OCTET STRING (address then mask) | dNSName [2] IMPLICIT IA5String
 */
const NAME_CONSTRAINTS_OID = '2.5.29.30';
/** Address and mask, in hex: 127.0.0.1/32 and ::1/128 (what the serving certificate names). */
const PERMITTED_IPS_HEX = [
  '7f000001' + 'ff'.repeat(4),
  `${'00'.repeat(15)}01${'ff'.repeat(16)}`,
];
const PERMITTED_DNS = ['localhost'];

/** The DER of the extension's value (forge's binary string). */
export function nameConstraintsDer(): string {
  const { asn1 } = forge;
  const subtree = (name: forge.asn1.Asn1): forge.asn1.Asn1 => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [name]);
  const permitted = [
    ...PERMITTED_IPS_HEX.map((hex) => subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 7, false, forge.util.hexToBytes(hex)))),
    ...PERMITTED_DNS.map((dns) => subtree(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, dns))),
  ];
  const constraints = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, permitted)]);
  return asn1.toDer(constraints).getBytes();
}

/**
 * CAs made before name constraints existed (or with other ones) are replaced, with their serving
 * certificate. Kubeconfig entries pin the CA, so entries written earlier stop verifying (kubectl:
 * "certificate signed by unknown authority") until "Update kubectl configuration" /
 * `gatehouse k8s update-config` rewrites them with the new CA (it replaces owned entries whose
 * CA differs); `connect --foreground` writes its kubeconfig afresh on every start. Keeping the
 * old, unconstrained CA key would keep the very risk the constraints remove.
 */
function hasOurNameConstraints(certPem: string): boolean {
  const extensions: unknown[] = forge.pki.certificateFromPem(certPem).extensions;
  const expected = nameConstraintsDer();
  return extensions.some((e) => typeof e === 'object' && e !== null && 'id' in e && e.id === NAME_CONSTRAINTS_OID && 'critical' in e && e.critical === true && 'value' in e && e.value === expected);
}
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
          { id: NAME_CONSTRAINTS_OID, critical: true, value: nameConstraintsDer() },
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

function readIfValid(certFile: string, keyFile: string, accept: (certPem: string) => boolean = () => true): { certPem: string; keyPem: string } | null {
  try {
    const certPem = readFileSync(certFile, 'utf8');
    const keyPem = readFileSync(keyFile, 'utf8');
    const validTo = Date.parse(new X509Certificate(certPem).validTo);
    return validTo - Date.now() > RENEW_BEFORE && accept(certPem) ? { certPem, keyPem } : null;
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
  let ca = readIfValid(files.caCert, files.caKey, hasOurNameConstraints);
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
