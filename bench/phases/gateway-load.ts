// Gateway load (issue 13): N people with distinct real ID tokens (the test OpenID provider's
// generated accounts, users of a copy of the demo org), each holding one watch and making one
// small GET per second, through two `gatehouse gateway` replicas on this machine (people split
// between them, as a load balancer would) — and the same crowd straight to the API server
// ("direct": the leased credential with each person's Impersonate-* headers, as the bench's other
// phases do), one after the other. Then saturation: one replica against `kubectl proxy`,
// closed-loop clients at rising concurrency, GETs per second of each proxy's CPU time.
//
// Every process is the real one: the provider (e2e/support/oidc), the gateway replicas started by
// e2e/support/gateway.ts from a config written the way an operator would, kubectl proxy.
// BENCH_GATEWAY_CPU_PROFILE=DIR profiles each replica (DIR/<pid>.cpuprofile, written when it
// stops; lib/cpu-profile-preload.mjs); BENCH_GATEWAY_NODE_OPTIONS is added to their NODE_OPTIONS.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ClusterInfo } from '../../e2e/cluster/harness';
import { startGateway, writeGatewayConfig, type GatewayReplica } from '../../e2e/support/gateway';
import { startOidcProvider, type RunningOidcProvider } from '../../e2e/support/oidc/harness';
import type { Api } from '../lib/api';
import { bundleIsFresh, checkoutOf, ensureBundle } from '../lib/cli-bundle';
import { clusterPid } from '../lib/cluster-process';
import { DEFAULT_GATEHOUSE_BIN } from '../lib/desktop-host';
import { endpointFromKubeconfig, plainEndpoint, type Endpoint } from '../lib/endpoint';
import { ensureNamespace } from '../lib/fixtures';
import { upstreamHttp2Env } from '../lib/gatehouse';
import { orgWithPeople, PEOPLE_ROLE, signInPeople, type Person } from '../lib/gateway-people';
import { impersonationHeaders, whoami } from '../lib/identity';
import { startKubectlProxy, type KubectlProxy } from '../lib/kubectl';
import { runPeopleLoad, type PeopleLoadResult, type PersonTarget } from '../lib/people-load';
import { measureSaturation, type SaturationResult } from '../lib/saturation';
import { summarizeLatency, type LatencySummary } from '../lib/stats';

export const GATEWAY_LABEL = 'gateway';
export const DIRECT_LABEL = 'direct';
export const KUBECTL_PROXY_LABEL = 'kubectl proxy';
/** Quiet, so the only events the watches see are the bench's own. */
export const CROWD_NAMESPACE = 'bench-crowd';
const RESOURCE = 'staging';

export interface GatewayLoadOptions {
  cluster: ClusterInfo;
  admin: Api;
  /** Scratch folder (provider keys, gateway config and TLS, org copy). */
  work: string;
  people: number;
  /** GET time each way (direct, gateway), in turns of sliceMs. */
  durationMs: number;
  sliceMs: number;
  intervalMs: number;
  /** The small GET, a path the people's role may read (`/api/v1/…`). */
  getPath: string;
  saturationStepMs: number;
  saturationLevels: readonly number[];
  log(line: string): void;
}

export interface GatewayLoadResult {
  people: number;
  replicas: number;
  resource: string;
  role: string;
  /** The groups the gateway sends for each person (and direct impersonates). */
  groups: string[];
  getPath: string;
  watchPath: string;
  /** Whether the replicas ran the bundle (out/cli) rather than the sources through tsx. */
  bundled: boolean;
  signInMs: number;
  /** The length of one turn (direct and gateway take turns). */
  sliceMs: number;
  direct: PeopleLoadResult;
  gateway: PeopleLoadResult;
  /**
   * The same window's GETs as the replicas timed them (their audit lines' durationMs: request
   * parsed → response sent, the API server's answer included): what of the crowd's latency is spent
   * inside a replica, and what before it reads the request or after it writes the answer.
   */
  insideReplicas: LatencySummary;
  saturation: SaturationResult[];
  saturationStepMs: number;
  nodeOptions: string | null;
}

const bearer = (base: URL, caPem: string, token: string): Endpoint => ({
  label: GATEWAY_LABEL,
  base,
  tls: { ca: caPem },
  headers: { Accept: 'application/json', 'Accept-Encoding': 'identity', Authorization: `Bearer ${token}` },
});

/** The crowd's watch namespace, readable by the people's role group (a fixture, kept like the others). */
async function ensureCrowdNamespace(admin: Api, group: string): Promise<void> {
  await ensureNamespace(admin, CROWD_NAMESPACE);
  await admin.ensure(`/apis/rbac.authorization.k8s.io/v1/namespaces/${CROWD_NAMESPACE}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${group}-view` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  });
}

const PROFILER = fileURLToPath(new URL('../lib/cpu-profile-preload.mjs', import.meta.url));

/** NODE_OPTIONS (and the profile folder) for the replicas, from BENCH_GATEWAY_CPU_PROFILE / _NODE_OPTIONS. */
function replicaEnv(): Record<string, string> {
  const profileDir = process.env.BENCH_GATEWAY_CPU_PROFILE;
  const options = [
    ...(profileDir ? [`--import=${pathToFileURL(PROFILER).href}`] : []),
    ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? [process.env.BENCH_GATEWAY_NODE_OPTIONS] : []),
  ];
  return {
    ...upstreamHttp2Env(),
    ...(options.length > 0 ? { NODE_OPTIONS: options.join(' ') } : {}),
    ...(profileDir ? { BENCH_CPU_PROFILE_DIR: profileDir } : {}),
  };
}

/** durationMs of the window's small GETs from the replicas' own audit lines. */
function timedByReplicas(replicas: readonly GatewayReplica[], column: PeopleLoadResult, path: string): LatencySummary {
  const inTurn = (at: number): boolean => column.turns.some(([from, to]) => at >= from && at <= to);
  const ms = replicas
    .flatMap((r) => r.auditLines())
    .filter((l) => l.method === 'GET' && l.path === path && l.status === 200)
    .filter((l) => inTurn(Date.parse(String(l.time))))
    .map((l) => Number(l.durationMs));
  return summarizeLatency(ms);
}

export async function measureGatewayLoad(o: GatewayLoadOptions): Promise<GatewayLoadResult> {
  const dir = join(o.work, 'gateway-load');
  mkdirSync(dir, { recursive: true });
  const watchPath = `/api/v1/namespaces/${CROWD_NAMESPACE}/configmaps?watch=true`;
  const configMaps = `/api/v1/namespaces/${CROWD_NAMESPACE}/configmaps`;
  // The change every watch must see at the end; the marker ConfigMaps are removed afterwards.
  const markers: string[] = [];
  const change = async (name: string): Promise<void> => {
    markers.push(name);
    await o.admin.ensure(configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
  };
  let idp: RunningOidcProvider | null = null;
  const replicas: GatewayReplica[] = [];
  let kubectlProxy: KubectlProxy | null = null;
  try {
    o.log(`gateway load: test OpenID provider with ${o.people} generated people`);
    // ID tokens outlive the phase: a refresh in the middle is not what this measures.
    idp = await startOidcProvider({ generatedAccounts: o.people, lifetimes: { idToken: 3600 } });
    const org = orgWithPeople(o.cluster.dir, dir, o.people);
    const signInStarted = performance.now();
    const people: Person[] = await signInPeople(idp.info, o.people);
    const signInMs = performance.now() - signInStarted;
    o.log(`  ${people.length} people signed in (${(signInMs / 1000).toFixed(1)} s)`);
    // Every generated person has the same role, so one whoami names everyone's groups.
    const groups = whoami(org, people[0]!.email).groups;
    const roleGroup = groups.find((g) => !g.startsWith('system:'));
    if (!roleGroup) throw new Error(`gateway load: ${people[0]!.email} has no role group (${groups.join(', ')})`);
    await ensureCrowdNamespace(o.admin, roleGroup);

    const config = writeGatewayConfig({
      dir: join(dir, 'gateway'),
      org,
      oidc: idp.info,
      extra: { shutdownGraceSeconds: 2 },
    });
    // Built at the start of the run; other work in the checkout may have touched the sources since.
    ensureBundle(checkoutOf(DEFAULT_GATEHOUSE_BIN), o.log);
    const bundled = bundleIsFresh(checkoutOf(DEFAULT_GATEHOUSE_BIN));
    if (!bundled) o.log('  the gateway runs the sources through tsx (out/cli stale): not what ships');
    const env = replicaEnv();
    const nodeOptions = env.NODE_OPTIONS ?? null;
    replicas.push(...(await Promise.all(['a', 'b'].map((n) => startGateway(config, { name: `gateway-${n}`, env })))));

    const leased = await endpointFromKubeconfig(DIRECT_LABEL, o.cluster.leasedKubeconfig);
    const asPerson = (p: Person) => impersonationHeaders({ email: p.email, roles: [], groups });
    const direct: PersonTarget[] = people.map((p) => ({
      endpoint: { ...leased, headers: { ...leased.headers, ...asPerson(p) } },
      prefix: '',
    }));
    const replicaOf = (i: number): GatewayReplica => replicas[i % replicas.length]!;
    const viaGateway: PersonTarget[] = people.map((p, i) => ({
      endpoint: bearer(new URL(replicaOf(i).url), config.caPem, p.idToken),
      prefix: `/k8s/${RESOURCE}`,
    }));
    const cluster = clusterPid(o.cluster.dir);
    const clusterProc = cluster === null ? [] : [{ label: 'cluster (API server, etcd)', pid: cluster }];
    const summary = (r: PeopleLoadResult): string =>
      `${r.gets}/${r.scheduled} GETs, p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, ` +
      `${r.errorCount} errors, load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`;
    o.log(
      `  ${o.people} people, a watch each ${DIRECT_LABEL} and through ${replicas.length} gateway replicas, ` +
        `${o.people} GET/s for ${o.durationMs / 1000} s each way in ${o.sliceMs / 1000} s turns`,
    );
    const [directResult, gatewayResult] = await runPeopleLoad({
      columns: [
        { label: DIRECT_LABEL, people: direct },
        { label: GATEWAY_LABEL, people: viaGateway },
      ],
      getPath: o.getPath,
      watchPath,
      durationMs: o.durationMs,
      sliceMs: o.sliceMs,
      intervalMs: o.intervalMs,
      parallel: 50,
      processes: [...replicas.map((r) => ({ label: r.name, pid: r.process.pid! })), ...clusterProc],
      change,
    });
    if (!directResult || !gatewayResult) throw new Error('gateway load: a column has no result');
    o.log(`    ${DIRECT_LABEL}: ${summary(directResult)}`);
    o.log(`    ${GATEWAY_LABEL}: ${summary(gatewayResult)}`);
    // The audit line names the path as the cluster got it (no /k8s/<resource> prefix).
    const insideReplicas = timedByReplicas(replicas, gatewayResult, o.getPath);

    o.log('  saturation: one replica and kubectl proxy, closed-loop clients at rising concurrency');
    kubectlProxy = await startKubectlProxy(o.cluster.leasedKubeconfig);
    const one = replicas[0]!;
    const saturation = await measureSaturation(
      [
        {
          label: `${GATEWAY_LABEL} (${one.name})`,
          targets: people.map((p) => ({
            endpoint: bearer(new URL(one.url), config.caPem, p.idToken),
            prefix: `/k8s/${RESOURCE}`,
          })),
          pid: one.process.pid!,
        },
        {
          label: KUBECTL_PROXY_LABEL,
          targets: people.map((p) => ({
            endpoint: plainEndpoint(KUBECTL_PROXY_LABEL, kubectlProxy!.url, asPerson(p)),
            prefix: '',
          })),
          pid: kubectlProxy.pid,
        },
      ],
      { path: o.getPath, stepMs: o.saturationStepMs, levels: o.saturationLevels, growth: 1.05, minLevel: 16 },
      o.log,
    );
    return {
      people: o.people,
      replicas: replicas.length,
      resource: RESOURCE,
      role: PEOPLE_ROLE,
      groups,
      getPath: o.getPath,
      watchPath,
      bundled,
      signInMs,
      sliceMs: o.sliceMs,
      direct: directResult,
      gateway: gatewayResult,
      insideReplicas,
      saturation,
      saturationStepMs: o.saturationStepMs,
      nodeOptions,
    };
  } finally {
    await kubectlProxy?.stop();
    await Promise.all(replicas.map((r) => r.stop()));
    await idp?.stop();
    for (const name of markers) await o.admin.remove(`${configMaps}/${name}`);
  }
}
