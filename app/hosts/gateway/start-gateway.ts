// The gateway host (SPEC §10): the org (live), the OIDC verifier (discovery and keys fetched
// before anything listens), the proxy core with GatewayAdmission and the gateway's own routes on
// one HTTPS listener, metrics, readiness and the audit on stdout. `stop()` is the SIGTERM path:
// unready at once, no new connections, requests under way finish within the grace period, streams
// end with a final message.
//
// Not started through app/hosts/start-host.ts: that starter is about one person's desktop core —
// their control socket, sign-in, attaching to the host that holds their connections — none of
// which a server for many people has. What the two share is below it: the proxy core
// (ImpersonatingProxy), the org loader, the identity rules and the upstreams.
import type { OrgFileError } from '../../domain/org/load';
import { GatehouseError, messageOf } from '../../../shared/errors';
import { maxConnectionsSetting } from '../../domain/proxy/listener-limits';
import { ImpersonatingProxy } from '../../domain/proxy/server';
import { appVersion } from '../../platform/version';
import { auditLineOf, type AuditLine } from './audit-line';
import { Authenticator } from './authenticate';
import { readTlsFiles, type GatewayConfig } from './config';
import { GatewayAdmission } from './gateway-admission';
import { GatewayRecorder } from './gateway-recorder';
import { LiveOrg } from './live-org';
import { GatewayMetrics } from './metrics';
import { createOidcVerifier, type OidcVerifier } from '../../domain/oidc/verifier';
import { Readiness } from './readiness';
import { gatewayRoutes } from './routes';
import { UpstreamPool } from './upstream-pool';

/**
 * Many people's tools, each HTTP/1.1 watch its own connection: far more than one desktop's.
 * GATEHOUSE_MAX_CONNECTIONS overrides it (listener-limits.ts).
 */
const GATEWAY_MAX_CONNECTIONS = 4096;

export interface GatewayOutput {
  /** One audit line (JSON) per request: stdout. */
  audit(line: AuditLine): void;
  /** Operational messages (reloads, faults): stderr. */
  log(line: string): void;
}

export interface RunningGateway {
  /** `https://<host>:<port>` as bound (port 0 resolved). */
  url: string;
  port: number;
  /** Graceful stop; settles when every connection is closed. */
  stop(reason?: string): Promise<void>;
}

const stdio: GatewayOutput = {
  audit: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
  log: (line) => process.stderr.write(`${line}\n`),
};

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the gateway; throws a `config` GatehouseError for a bad org, TLS or issuer (exit 2). */
export async function startGateway(config: GatewayConfig, output: GatewayOutput = stdio): Promise<RunningGateway> {
  const tls = readTlsFiles(config);
  let metrics: GatewayMetrics | null = null;
  const upstreams = new UpstreamPool();
  let org: LiveOrg;
  try {
    org = await LiveOrg.start(config.org, {
      ...(config.serviceAccountDir ? { serviceAccountDir: config.serviceAccountDir } : {}),
      onReload: (outcome) => {
        metrics?.orgReload(outcome.ok);
        if (outcome.ok) {
          const names = new Set(outcome.org.resources.map((r) => r.name));
          upstreams.keepOnly(names);
          output.log(`gateway: org reloaded from ${config.org} (${outcome.org.users.length} users, ${outcome.org.resources.length} resources)`);
        } else {
          output.log(`gateway: org ${config.org} not reloaded, the last valid version stays in use: ${outcome.error}`);
        }
      },
    });
  } catch (err) {
    throw new GatehouseError('config', `gateway config ${config.file}: org: ${messageOf(err as OrgFileError)}`, { cause: err });
  }
  let verifier: OidcVerifier;
  try {
    verifier = await createOidcVerifier({
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      usernameClaim: config.oidc.usernameClaim,
      ...(config.oidc.caFile ? { caFile: config.oidc.caFile } : {}),
      ...(config.oidc.groupsClaim ? { groupsClaim: config.oidc.groupsClaim } : {}),
      ...(config.oidc.clockSkewSeconds !== undefined ? { clockSkewSeconds: config.oidc.clockSkewSeconds } : {}),
    });
  } catch (err) {
    org.close();
    // The issuer is named in the config: unreachable or misconfigured, the operator fixes it there.
    throw new GatehouseError('config', `gateway config ${config.file}: oidc: ${messageOf(err)}`, { cause: err });
  }

  const { proxy, readiness } = gatewayListener({ config, tls, org, verifier, upstreams, output, onMetrics: (created) => (metrics = created) });
  let port: number;
  try {
    port = await proxy.listen();
  } catch (err) {
    org.close();
    await proxy.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new GatehouseError(code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' ? 'config' : 'unavailable', `gateway config ${config.file}: listen ${config.listen.host}:${config.listen.port}: ${messageOf(err)}`, { cause: err });
  }
  // The first cluster check runs while the gateway already answers: /readyz says when it is done.
  void readiness.start(config.readinessIntervalMs);

  let stopping: Promise<void> | null = null;
  return {
    url: `https://${urlHost(config.listen.host)}:${port}`,
    port,
    stop(reason = 'the gateway is shutting down; reconnect to reach another replica') {
      stopping ??= (async () => {
        readiness.draining = true;
        await proxy.drain(config.shutdownGraceMs, reason);
        readiness.stop();
        org.close();
      })();
      return stopping;
    },
  };
}

/** What the listener is built from; startGateway gathers it, unit tests bring their own verifier. */
export interface GatewayParts {
  config: GatewayConfig;
  tls: { certPem: string; keyPem: string };
  org: Pick<LiveOrg, 'current' | 'file' | 'loadedAt' | 'lastError'>;
  verifier: OidcVerifier;
  upstreams: UpstreamPool;
  output: GatewayOutput;
  onMetrics?: (metrics: GatewayMetrics) => void;
}

/** The proxy core with the gateway's admission, routes, metrics, audit and readiness (not yet listening). */
export function gatewayListener(parts: GatewayParts): { proxy: ImpersonatingProxy<GatewayAdmission>; readiness: Readiness; metrics: GatewayMetrics } {
  const { config, tls, org, verifier, upstreams, output } = parts;
  const isOrgResource = (name: string): boolean => org.current().resources.some((r) => r.name === name);
  const m = new GatewayMetrics(isOrgResource);
  parts.onMetrics?.(m);
  const authenticator = new Authenticator(verifier, (reason) => m.tokenFailure(reason));
  const readiness = new Readiness({
    org: () => org.current(),
    orgInfo: () => ({ file: org.file, loadedAt: org.loadedAt, lastError: org.lastError }),
    keys: () => verifier.keyStatus(),
    upstreams,
    onCluster: (resource, ok) => m.reachable(resource, ok),
  });
  const proxy = new ImpersonatingProxy({
    admission: new GatewayAdmission({ authenticator, org: () => org.current(), upstreams, trustedProxies: config.trustedProxies }),
    host: config.listen.host,
    port: config.listen.port,
    tls,
    limits: { maxConnections: maxConnectionsSetting(GATEWAY_MAX_CONNECTIONS) },
    ...(config.recordings ? { recorder: new GatewayRecorder(config.recordings.dir) } : {}),
    onRequest: (record, extras) => {
      m.request(record, extras);
      output.audit(auditLineOf(record, extras, isOrgResource));
    },
    onStream: (change, resource) => m.stream(change, resource),
    onFault: (line) => output.log(line),
    localRoute: gatewayRoutes({
      oidc: config.oidc,
      authenticator,
      org: () => org.current(),
      admins: new Set(config.admins),
      readiness,
      metrics: m,
      trustedProxies: config.trustedProxies,
      audit: (line) => output.audit(line),
      version: appVersion(),
    }),
  });
  return { proxy, readiness, metrics: m };
}
