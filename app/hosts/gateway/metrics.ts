// The gateway's Prometheus metrics (SPEC §10 /metrics), on prom-client with a registry of its own.
// Labels are bounded: a resource label is only ever an org resource's name (a request for a name
// the org does not have is counted as "-"), verbs are Kubernetes verbs or HTTP methods, reasons the
// verifier's closed set — so no client can grow the series without limit.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestRecord } from '../../../shared/activity';
import type { TokenFailureReason } from '../../domain/oidc/rejection';
import { TOKEN_FAILURE_REASONS } from '../../domain/oidc/rejection';
import type { RequestExtras } from '../../domain/proxy/exchange';

export const UNKNOWN_RESOURCE = '-';

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'resource' | 'verb' | 'code'>;
  private readonly latency: Histogram<'resource' | 'verb'>;
  private readonly openStreams: Gauge<'resource'>;
  private readonly tokenFailures: Counter<'reason'>;
  private readonly upstreamErrors: Counter<'resource' | 'code'>;
  private readonly orgReloads: Counter<'result'>;
  private readonly clusterReachable: Gauge<'resource'>;

  /** `knownResource`: is this an org resource's name (else it is counted as "-")? */
  constructor(private readonly knownResource: (name: string) => boolean) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_gateway_' });
    this.requests = new Counter({ name: 'gatehouse_gateway_requests_total', help: 'Kubernetes API requests through the gateway, by resource, verb and HTTP status code', labelNames: ['resource', 'verb', 'code'], registers });
    this.latency = new Histogram({
      name: 'gatehouse_gateway_request_duration_seconds',
      help: 'Time from request to the end of the answer, streams (upgrades, watches) excepted',
      labelNames: ['resource', 'verb'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.openStreams = new Gauge({ name: 'gatehouse_gateway_open_streams', help: 'Streams open now: exec/attach/port-forward upgrades, watches, followed logs', labelNames: ['resource'], registers });
    this.tokenFailures = new Counter({ name: 'gatehouse_gateway_token_failures_total', help: 'Bearer tokens refused, by reason', labelNames: ['reason'], registers });
    this.upstreamErrors = new Counter({ name: 'gatehouse_gateway_upstream_errors_total', help: 'Admitted requests the cluster did not answer (unreachable, TLS, credential, nonsense), by resource and the code the client got', labelNames: ['resource', 'code'], registers });
    this.orgReloads = new Counter({ name: 'gatehouse_gateway_org_reloads_total', help: 'Org file reloads, by result (a failed one keeps the last valid org)', labelNames: ['result'], registers });
    this.clusterReachable = new Gauge({ name: 'gatehouse_gateway_cluster_reachable', help: '1 when the last readiness check reached the resource’s cluster with its leased credential', labelNames: ['resource'], registers });
    // Every reason shows up from the start (as 0), so a dashboard's rate() has a series to read.
    for (const reason of TOKEN_FAILURE_REASONS) this.tokenFailures.inc({ reason }, 0);
  }

  private resourceLabel(name: string): string {
    return this.knownResource(name) ? name : UNKNOWN_RESOURCE;
  }

  request(record: RequestRecord, extras: RequestExtras): void {
    const resource = this.resourceLabel(record.resource);
    const code = String(record.status);
    this.requests.inc({ resource, verb: record.verb, code });
    if (record.upgrade === undefined && record.verb !== 'watch') this.latency.observe({ resource, verb: record.verb }, record.durationMs / 1000);
    // Admitted, answered by Gatehouse (not relayed) with a gateway error: the cluster failed us.
    if (extras.admitted && record.refused !== undefined && record.status >= 500) this.upstreamErrors.inc({ resource, code });
  }

  /** Only admitted requests open streams: their resource was an org resource when they did. */
  stream(change: 'opened' | 'closed', resource: string): void {
    this.openStreams.inc({ resource }, change === 'opened' ? 1 : -1);
  }

  tokenFailure(reason: TokenFailureReason): void {
    this.tokenFailures.inc({ reason });
  }

  orgReload(ok: boolean): void {
    this.orgReloads.inc({ result: ok ? 'ok' : 'failed' });
  }

  reachable(resource: string, ok: boolean): void {
    this.clusterReachable.set({ resource }, ok ? 1 : 0);
  }

  /** Drops the series of resources the org no longer has. */
  forgetResource(resource: string): void {
    this.clusterReachable.remove({ resource });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
