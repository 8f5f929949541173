// Runs the real gateway (`gatehouse gateway --config FILE`, SPEC §10) for integration tests:
// a config written the way an operator would (YAML, paths relative to the file, a TLS certificate
// made here for 127.0.0.1, the org, the OIDC block of a test provider), N replicas as separate
// processes sharing that one config, and what a client of it needs: raw HTTPS requests that trust
// the gateway's CA, and kubeconfigs for "kubectl straight to the gateway".
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { OidcProviderInfo } from './oidc/info';
import { makeServingTls } from './oidc/tls';
import { gatehouseEnv } from './gatehouse-cli';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));
const LISTENING = /^gateway listening (https:\/\/(\S+):(\d+))$/;

export interface GatewayConfigOptions {
  /** Where config.yaml, tls.crt/tls.key and the org copy go (made when absent). */
  dir?: string;
  /** The org file; copied next to the config and named relatively, as a ConfigMap mount would be. */
  org: string;
  oidc: OidcProviderInfo;
  /** Default `groups`; null leaves `groupsClaim` out. */
  groupsClaim?: string | null;
  admins?: string[];
  /** More top-level keys, merged over the ones above. */
  extra?: Record<string, unknown>;
}

export interface GatewayConfig {
  dir: string;
  file: string;
  /** The org file the gateway reads (edit it to test live reload). */
  org: string;
  /** PEM of the CA that signed the gateway's certificate: what clients pin. */
  caPem: string;
  caFile: string;
}

/** Writes a gateway config that listens on 127.0.0.1, port 0 (each replica gets its own port). */
export function writeGatewayConfig(opts: GatewayConfigOptions): GatewayConfig {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-gateway-'));
  mkdirSync(dir, { recursive: true });
  const tls = makeServingTls('Gatehouse test gateway CA');
  writeFileSync(join(dir, 'tls.crt'), tls.certPem);
  writeFileSync(join(dir, 'tls.key'), tls.keyPem, { mode: 0o600 });
  const caFile = join(dir, 'gateway-ca.pem');
  writeFileSync(caFile, tls.caPem);
  copyFileSync(opts.org, join(dir, 'org.yaml'));
  const oidc: Record<string, unknown> = {
    issuer: opts.oidc.issuer,
    clientId: opts.oidc.clientId,
    caFile: opts.oidc.caFile,
    usernameClaim: 'email',
  };
  const groupsClaim = opts.groupsClaim === undefined ? 'groups' : opts.groupsClaim;
  if (groupsClaim !== null) oidc.groupsClaim = groupsClaim;
  const config: Record<string, unknown> = {
    listen: '127.0.0.1:0',
    tls: { certFile: 'tls.crt', keyFile: 'tls.key' },
    org: 'org.yaml',
    oidc,
    ...(opts.admins ? { admins: opts.admins } : {}),
    ...opts.extra,
  };
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `# Written by e2e/support/gateway.ts\n${stringify(config)}`);
  return { dir, file, org: join(dir, 'org.yaml'), caPem: tls.caPem, caFile };
}

export type AuditLine = Record<string, unknown>;

export interface GatewayReplica {
  name: string;
  /** `https://127.0.0.1:<port>` as the gateway printed it. */
  url: string;
  port: number;
  process: ChildProcessWithoutNullStreams;
  /** Everything it printed so far. */
  stdout(): string;
  stderr(): string;
  /** Its stdout lines that are JSON objects (the per-request audit). */
  auditLines(): AuditLine[];
  /** The first audit line (already printed or still to come) that matches. */
  waitForAudit(match: (line: AuditLine) => boolean, timeoutMs?: number): Promise<AuditLine>;
  /** Resolves when the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crashed pod), then the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

function parseJsonObject(line: string): AuditLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as AuditLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts one replica and resolves once it printed `gateway listening https://…`. */
export async function startGateway(config: GatewayConfig, opts: { name?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<GatewayReplica> {
  const name = opts.name ?? 'gateway';
  const home = mkdtempSync(join(tmpdir(), `gatehouse-${name}-home-`));
  const child = spawn(process.execPath, [BIN, 'gateway', '--config', config.file], { env: gatehouseEnv(home, opts.env) });
  let out = '';
  let err = '';
  let partial = '';
  const lines: string[] = [];
  const wakers = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    out += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of [...wakers]) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of [...wakers]) wake();
    }),
  );

  const waitForLine = <T>(pick: (line: string) => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      let cursor = 0;
      const done = (): void => {
        wakers.delete(check);
        clearTimeout(timer);
      };
      const check = (): void => {
        for (; cursor < lines.length; cursor++) {
          const found = pick(lines[cursor] ?? '');
          if (found !== undefined) {
            done();
            resolve(found);
            return;
          }
        }
        if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`${name} ended (${child.exitCode ?? child.signalCode}) before printing ${what}\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        wakers.delete(check);
        reject(new Error(`${name} did not print ${what} within ${timeoutMs} ms\nstdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`));
      }, timeoutMs);
      wakers.add(check);
      check();
    });

  const listening = await waitForLine((line) => LISTENING.exec(line) ?? undefined, opts.timeoutMs ?? 90_000, '"gateway listening https://<host>:<port>"');
  return {
    name,
    url: listening[1]!,
    port: Number(listening[3]),
    process: child,
    stdout: () => out,
    stderr: () => err,
    auditLines: () => lines.map(parseJsonObject).filter((l): l is AuditLine => l !== undefined),
    waitForAudit: (match, timeoutMs = 10_000) =>
      waitForLine(
        (line) => {
          const parsed = parseJsonObject(line);
          return parsed && match(parsed) ? parsed : undefined;
        },
        timeoutMs,
        'a matching audit line',
      ),
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return (await exited).code;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return (await exited).signal;
    },
  };
}

/** N replicas of one config, started side by side (each picks its own port). */
export async function startGatewayReplicas(config: GatewayConfig, count: number): Promise<GatewayReplica[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => startGateway(config, { name: `gateway-${String.fromCharCode(97 + i)}` })));
  const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(replicas.map((r) => r.kill()));
    throw failed.reason;
  }
  return replicas;
}

/**
 * A kubeconfig for kubectl straight to the gateway: server `<gateway>/k8s/<resource>`, the
 * gateway's CA pinned, the person's ID token as the bearer token. Written 0600 (it holds a token).
 */
export function writeGatewayKubeconfig(file: string, opts: { gatewayUrl: string; resource: string; caPem: string; token: string; namespace?: string }): string {
  const name = `gateway-${opts.resource}`;
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: `${opts.gatewayUrl}/k8s/${opts.resource}`, 'certificate-authority-data': Buffer.from(opts.caPem).toString('base64') } }],
    users: [{ name, user: { token: opts.token } }],
    contexts: [{ name: opts.resource, context: { cluster: name, user: name, ...(opts.namespace ? { namespace: opts.namespace } : {}) } }],
    'current-context': opts.resource,
  };
  writeFileSync(file, stringify(kubeconfig), { mode: 0o600 });
  return file;
}

export interface GatewayResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTPS request to a gateway, trusting its CA. `path` is sent exactly as given (no
 * normalisation of dot segments or escapes: the point of the path-trick tests). A fresh
 * connection per request, so no request rides on another's.
 */
export function gatewayRequest(
  gatewayUrl: string,
  caPem: string,
  opts: { path: string; method?: string; token?: string; headers?: Record<string, string>; body?: string },
): Promise<GatewayResponse> {
  const url = new URL(gatewayUrl);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path, ca: caPem, headers, agent: false, timeout: 30_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${opts.method ?? 'GET'} ${opts.path}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
