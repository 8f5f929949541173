// The gateway's config file (`gatehouse gateway --config FILE`, SPEC §10): YAML, checked by a
// strict schema (a typo is an error, not a silently ignored key), file paths relative to the file.
// Every problem is one line naming the file, the key (with its line) and what is wrong; the CLI
// exits 2 on it. The Helm chart renders this file (deploy/helm/…/_helpers.tpl), extras from
// `gateway.extraConfig` merged in at the top level.
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { GatehouseError } from '../../../shared/errors';
import { formatOrgPath } from '../../../shared/org';
import { locate } from '../../domain/org/yaml-location';

const text = z.string().trim().min(1, 'must not be empty');

/** `host:port`, `[v6]:port`; port 0 picks a free one. */
const LISTEN = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/;

function parseListen(value: string): { host: string; port: number } | null {
  const m = LISTEN.exec(value);
  if (!m) return null;
  const port = Number(m[3]);
  if (port > 65535) return null;
  const host = m[1] ?? m[2] ?? '';
  if (m[1] !== undefined && isIP(host) !== 6) return null;
  return { host, port };
}

/** An address or a CIDR block, as net.BlockList takes it. */
export function parseCidr(value: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, extra] = value.split('/');
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

const strict = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; allowed keys: ${Object.keys(shape).join(', ')}` : undefined) });

const configSchema = strict({
  listen: text.refine((v) => parseListen(v) !== null, 'must be host:port (e.g. 0.0.0.0:8443, [::]:8443; port 0 picks a free one)'),
  tls: strict({ certFile: text, keyFile: text }),
  org: text,
  oidc: strict({
    issuer: text.refine((v) => v.startsWith('https://'), 'must be an https:// URL'),
    clientId: text,
    caFile: text.optional(),
    usernameClaim: text.default('email'),
    groupsClaim: text.optional(),
    /** What the desktop asks for at sign-in (/.well-known/gatehouse). */
    scopes: z.array(text).min(1, 'must name at least "openid"').optional(),
    clockSkewSeconds: z.number().int().min(0).max(300).optional(),
  }),
  admins: z.array(text.refine((v) => v.includes('@'), 'must be an email')).default([]),
  recordings: z.union([z.literal('off'), strict({ dir: text })], { error: 'must be "off" or {dir: DIRECTORY}' }).default('off'),
  trustedProxies: z.array(text.refine((v) => parseCidr(v) !== null, 'must be an IP address or CIDR block (e.g. 10.0.0.0/8)')).default([]),
  shutdownGraceSeconds: z.number().int('must be a whole number of seconds').min(0).max(3600).default(20),
  serviceAccountDir: text.optional(),
  /** How often /readyz re-checks that the clusters answer (the probe reads the cached result). */
  readinessIntervalSeconds: z.number().int().min(1).max(3600).default(10),
});

export interface GatewayConfig {
  /** The config file, absolute. */
  file: string;
  listen: { host: string; port: number };
  tls: { certFile: string; keyFile: string };
  org: string;
  oidc: { issuer: string; clientId: string; caFile?: string; usernameClaim: string; groupsClaim?: string; scopes: string[]; clockSkewSeconds?: number };
  /** Lowercased: emails compare ignoring case, as the org's do. */
  admins: string[];
  recordings: { dir: string } | null;
  trustedProxies: BlockList;
  /** As written, for messages. */
  trustedProxyList: string[];
  shutdownGraceMs: number;
  serviceAccountDir?: string;
  readinessIntervalMs: number;
}

const EXPECTED: Record<string, string> = { object: 'a map', array: 'a list', string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false' };

const friendly: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
};

function configError(file: string, message: string): GatehouseError {
  return new GatehouseError('config', `gateway config ${file}: ${message}`);
}

/** Reads and checks the config; throws a `config` GatehouseError (exit 2) naming file, key and problem. */
export function loadGatewayConfig(file: string): GatewayConfig {
  const absolute = path.resolve(file);
  let source: string;
  try {
    source = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw configError(absolute, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const at = lineCounter.linePos(syntax.pos[0]);
    throw configError(absolute, `line ${at.line}: invalid YAML: ${syntax.message.split('\n')[0] ?? ''}`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw configError(absolute, `invalid YAML: ${(err as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw configError(absolute, 'must be a map of keys (listen, tls, org, oidc, …)');
  const parsed = configSchema.safeParse(data, { error: friendly });
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      return keys.map((keyPath) => {
        const p = keyPath.map((s) => (typeof s === 'number' ? s : String(s)));
        const at = locate(doc, lineCounter, p);
        return `${formatOrgPath(p) || '(top level)'}${at ? ` (line ${at.line})` : ''}: ${issue.message}`;
      });
    });
    throw configError(absolute, lines.join('; '));
  }
  const c = parsed.data;
  const dir = path.dirname(absolute);
  const rel = (p: string): string => path.resolve(dir, p);
  const listen = parseListen(c.listen);
  if (!listen) throw configError(absolute, 'listen: must be host:port'); // unreachable: refined above
  const trusted = new BlockList();
  for (const entry of c.trustedProxies) {
    const cidr = parseCidr(entry);
    if (cidr) trusted.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  const defaultScopes = ['openid', 'email', 'profile', ...(c.oidc.groupsClaim ? ['groups'] : []), 'offline_access'];
  return {
    file: absolute,
    listen,
    tls: { certFile: rel(c.tls.certFile), keyFile: rel(c.tls.keyFile) },
    org: rel(c.org),
    oidc: {
      issuer: c.oidc.issuer,
      clientId: c.oidc.clientId,
      ...(c.oidc.caFile ? { caFile: rel(c.oidc.caFile) } : {}),
      usernameClaim: c.oidc.usernameClaim,
      ...(c.oidc.groupsClaim ? { groupsClaim: c.oidc.groupsClaim } : {}),
      scopes: c.oidc.scopes ?? defaultScopes,
      ...(c.oidc.clockSkewSeconds !== undefined ? { clockSkewSeconds: c.oidc.clockSkewSeconds } : {}),
    },
    admins: c.admins.map((a) => a.toLowerCase()),
    recordings: c.recordings === 'off' ? null : { dir: rel(c.recordings.dir) },
    trustedProxies: trusted,
    trustedProxyList: c.trustedProxies,
    shutdownGraceMs: c.shutdownGraceSeconds * 1000,
    ...(c.serviceAccountDir ? { serviceAccountDir: rel(c.serviceAccountDir) } : {}),
    readinessIntervalMs: c.readinessIntervalSeconds * 1000,
  };
}

/** The TLS files, read once at start; a missing or unreadable one is a config error naming the key. */
export function readTlsFiles(config: GatewayConfig): { certPem: string; keyPem: string } {
  const read = (key: string, file: string, marker: string): string => {
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch (err) {
      throw configError(config.file, `${key}: ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!pem.includes(marker)) throw configError(config.file, `${key}: ${file} holds no PEM ${marker.includes('CERT') ? 'certificate' : 'private key'}`);
    return pem;
  };
  return { certPem: read('tls.certFile', config.tls.certFile, '-----BEGIN CERTIFICATE-----'), keyPem: read('tls.keyFile', config.tls.keyFile, 'PRIVATE KEY-----') };
}
