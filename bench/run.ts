// `npm run bench`: measures the Gatehouse proxy side by side with a direct connection to the API
// server and with `kubectl proxy`, against the real test cluster and a trivial local upstream, and
// writes bench/RESULTS.md (issue 3 §7). Not a test: it reports numbers and checks them against the
// targets, but exits 0 on a miss; it exits 1 only when a measurement cannot be made.
//
// Options: --quick (or BENCH_QUICK=1) smaller counts; --phase idle-rss measures only the desktop
// hosts' memory and start-up (bench/phases/idle-rss.ts) and prints its table and targets instead
// of rewriting RESULTS.md (unless BENCH_RESULTS names a file).
// Environment: BENCH_CLUSTER_DIR reuse a running `npm run cluster -- --dir DIR`;
// BENCH_RESULTS / BENCH_JSON where to write the report / raw numbers;
// BENCH_GATEHOUSE_BIN, BENCH_GATEHOUSE_NODE_ARGS see lib/gatehouse.ts; BENCH_KUBECTL the kubectl;
// BENCH_COMPARE_BIN another checkout's bin/gatehouse.mjs measured beside this one in the idle-rss
// phase (BENCH_GATEHOUSE_LABEL / BENCH_COMPARE_LABEL name the two).
// --phase gateway-load: only the gateway under a crowd (bench/phases/gateway-load.ts), printed the
// same way; BENCH_GATEWAY_CPU_PROFILE=DIR profiles the replicas, BENCH_GATEWAY_NODE_OPTIONS adds
// to their NODE_OPTIONS.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureExec } from './phases/exec-streams';
import { measureGatewayLoad, type GatewayLoadResult } from './phases/gateway-load';
import { measureIdleRss, type Build, type HostKind, type HostsResult } from './phases/idle-rss';
import { measureWatchMemory, type WatchMemoryResult } from './phases/watch-memory';
import { startTrivial } from './trivial/setup';
import { Api } from './lib/api';
import { acquireCluster, type BenchCluster } from './lib/cluster';
import type { Child } from './lib/child';
import { bundleIsFresh, checkoutOf, ensureBundle } from './lib/cli-bundle';
import { DEFAULT_GATEHOUSE_BIN } from './lib/desktop-host';
import { startGatewaySignIn, type GatewaySignIn } from './lib/gateway-sign-in';
import { startColumns } from './lib/columns';
import { endpointFromKubeconfig } from './lib/endpoint';
import { ensureConfigMaps, ensureNamespace, LIST_NAMESPACE, WATCH_NAMESPACE } from './lib/fixtures';
import { impersonationFlags, impersonationHeaders, whoami } from './lib/identity';
import { measureLatency } from './lib/latency';
import { describeMachine } from './lib/machine';
import { describeServerVersion } from './lib/server-version';
import { checkGatewayLoadTargets, gatewayLoadSection } from './lib/gateway-load-report';
import { formatMarkdown, hostsSection, renderReport } from './lib/report';
import { byLabel, COLUMN, type BenchResults } from './lib/results';
import { checkHostTargets, checkTargets } from './lib/targets';
import { measureThroughput } from './lib/throughput';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const quick = process.env.BENCH_QUICK === '1' || args.includes('--quick');
const PHASES = ['proxy', 'idle-rss', 'gateway-load'] as const;
/** `--phase a,b` / `--phase=a`: only these (default: all). "proxy" is sections 1-5 of RESULTS.md. */
function selectedPhases(): Set<(typeof PHASES)[number]> {
  const at = args.findIndex((a) => a === '--phase' || a.startsWith('--phase='));
  if (at < 0) return new Set(PHASES);
  const value = args[at]!.includes('=') ? args[at]!.slice('--phase='.length) : (args[at + 1] ?? '');
  const names = value.split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => !(PHASES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--phase takes ${PHASES.join(', ')} (comma-separated); got "${value}"`);
  }
  return new Set(names as (typeof PHASES)[number][]);
}
const USER = 'alice@example.com';
const SIZES = {
  getCount: quick ? 400 : 2000,
  getWarmup: 200,
  configMaps: 5000,
  /** Bytes of data per ConfigMap; with its metadata each object is ~1.2 KB of JSON. */
  configMapPayload: 800,
  listRuns: quick ? 3 : 7,
  watchCount: 1000,
  execBytes: 200_000_000,
  execRuns: quick ? 1 : 3,
  /** Warm starts per desktop host (after one cold start). */
  hostRuns: quick ? 1 : 3,
  hostRequests: 20,
  /** Gateway load: people (one watch + one GET per second each), for how long; saturation steps. */
  crowd: quick ? 100 : 500,
  crowdMs: quick ? 16_000 : 60_000,
  /** Under the gateway's keep-alive timeout (5 s): a person's connection must not idle out between turns. */
  crowdSliceMs: 2_000,
  saturationStepMs: quick ? 2_000 : 5_000,
  saturationLevels: quick ? [1, 4, 16, 64] : [1, 2, 4, 8, 16, 32, 64, 128, 256],
};
const GET_PATH = '/api/v1/namespaces/team-a/pods/web';
const LIST_PATH = `/api/v1/namespaces/${LIST_NAMESPACE}/configmaps`;
const WATCH_PATH = `/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps?watch=true`;

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/** This checkout (or BENCH_GATEHOUSE_BIN), and BENCH_COMPARE_BIN beside it. */
function hostBuilds(): Build[] {
  const bins = [
    {
      label: process.env.BENCH_GATEHOUSE_LABEL ?? 'gatehouse',
      bin: process.env.BENCH_GATEHOUSE_BIN ?? DEFAULT_GATEHOUSE_BIN,
    },
    ...(process.env.BENCH_COMPARE_BIN
      ? [{ label: process.env.BENCH_COMPARE_LABEL ?? 'compared', bin: process.env.BENCH_COMPARE_BIN }]
      : []),
  ];
  return bins.map((b) => ({ ...b, bundled: bundleIsFresh(checkoutOf(b.bin)) }));
}

async function measureHosts(cluster: BenchCluster, work: string): Promise<HostsResult> {
  const builds = hostBuilds();
  for (const b of builds.filter((x) => !x.bundled)) {
    log(`${b.label}: ${b.bin} will run the sources through tsx (out/cli missing or stale): not what ships`);
  }
  const skip: Partial<Record<HostKind, string>> = {};
  const unbuilt = builds.filter((b) => !existsSync(join(checkoutOf(b.bin), 'out', 'renderer', 'index.html')));
  if (unbuilt.length > 0) {
    skip['browser mode'] =
      `the renderer is not built in ${unbuilt.map((b) => checkoutOf(b.bin)).join(', ')} (npm run build)`;
    log(`browser mode skipped: ${skip['browser mode']}`);
  }
  // Gateway mode needs the test OpenID provider and a gateway: not in the one-minute --quick subset.
  let gateway: GatewaySignIn | undefined;
  if (quick) skip['agent, gateway mode'] = 'not in --quick';
  else {
    log('desktop hosts: the test OpenID provider and a gateway, for the agent in gateway mode');
    gateway = await startGatewaySignIn(cluster.dir, join(work, 'hosts-gateway'));
  }
  log(`desktop hosts: idle memory and start-up, ${SIZES.hostRuns} warm run(s) per host and build`);
  try {
    return await measureIdleRss({
      builds,
      org: cluster.org,
      user: USER,
      resource: 'staging',
      requestPath: GET_PATH,
      requests: SIZES.hostRequests,
      runs: SIZES.hostRuns,
      work: join(work, 'hosts'),
      gateway,
      skip,
      log,
    });
  } finally {
    await gateway?.stop();
  }
}

async function measureCrowd(cluster: BenchCluster, admin: Api, work: string): Promise<GatewayLoadResult> {
  log(`gateway load: ${SIZES.crowd} people for ${SIZES.crowdMs / 1000} s, then saturation`);
  return measureGatewayLoad({
    cluster,
    admin,
    work,
    people: SIZES.crowd,
    durationMs: SIZES.crowdMs,
    sliceMs: SIZES.crowdSliceMs,
    intervalMs: 1000,
    getPath: GET_PATH,
    saturationStepMs: SIZES.saturationStepMs,
    saturationLevels: SIZES.saturationLevels,
    log,
  });
}

/** A run without the proxy phase: its sections on stdout (or BENCH_RESULTS), not into RESULTS.md. */
async function printCrowd(crowd: GatewayLoadResult): Promise<void> {
  const section = gatewayLoadSection(crowd, `## Gateway load (${new Date().toISOString()})`);
  const text = await formatMarkdown(section, process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md'));
  if (process.env.BENCH_RESULTS) writeFileSync(process.env.BENCH_RESULTS, text);
  else process.stdout.write(text);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(crowd, null, 2)}\n`);
  for (const c of checkGatewayLoadTargets(crowd)) log(`${c.pass ? 'pass' : 'MISS'}  ${c.target}: ${c.measured}`);
}

async function main(): Promise<void> {
  const phases = selectedPhases();
  const started = performance.now();
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const children: Child[] = [];
  log(
    process.env.BENCH_CLUSTER_DIR
      ? `using the cluster in ${process.env.BENCH_CLUSTER_DIR}`
      : 'starting the test cluster',
  );
  // The CLI as shipped (bundled), not the sources through tsx; another checkout is left as it is.
  if (!process.env.BENCH_GATEHOUSE_BIN) ensureBundle(checkoutOf(DEFAULT_GATEHOUSE_BIN), log);
  const cluster = await acquireCluster();
  const admin = new Api(await endpointFromKubeconfig('admin', cluster.adminKubeconfig), 32);
  try {
    // First, while the cluster holds only its seed: nothing here needs the bench's fixtures.
    const hosts = phases.has('idle-rss') ? await measureHosts(cluster, work) : null;
    const crowd = phases.has('gateway-load') ? await measureCrowd(cluster, admin, work) : null;
    if (!phases.has('proxy')) {
      if (crowd) await printCrowd(crowd);
      if (!hosts) return;
      const section = hostsSection(hosts, `## Desktop hosts: idle memory and start-up (${new Date().toISOString()})`);
      const text = await formatMarkdown(section, process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md'));
      if (process.env.BENCH_RESULTS) writeFileSync(process.env.BENCH_RESULTS, text);
      else process.stdout.write(text);
      if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(hosts, null, 2)}\n`);
      for (const c of checkHostTargets(hosts)) log(`${c.pass ? 'pass' : 'MISS'}  ${c.target}: ${c.measured}`);
      return;
    }
    const serverVersion = describeServerVersion((await admin.json<{ gitVersion: string }>('/version')).gitVersion);
    log(`creating ${SIZES.configMaps} ConfigMaps in namespace ${LIST_NAMESPACE} (existing ones are kept)`);
    await ensureNamespace(admin, WATCH_NAMESPACE);
    log(`${await ensureConfigMaps(admin, SIZES.configMaps, SIZES.configMapPayload, 32)} created`);

    const id = whoami(cluster.org, USER);
    const impersonate = impersonationHeaders(id);
    const home = join(work, 'home');
    const real = await startColumns(
      {
        upstreamKubeconfig: cluster.leasedKubeconfig,
        org: cluster.org,
        resource: 'staging',
        user: USER,
        home,
        impersonate,
      },
      children,
    );

    log(`memory with ${SIZES.watchCount} watches`);
    const watches: WatchMemoryResult[] = [];
    const markers: string[] = [];
    for (const endpoint of real.endpoints.filter((e) => real.pids.has(e.label))) {
      const result = await measureWatchMemory({
        endpoint,
        pid: real.pids.get(endpoint.label)!,
        warmupPath: GET_PATH,
        watchPath: WATCH_PATH,
        count: SIZES.watchCount,
        parallel: 50,
        change: async (name) => {
          markers.push(name);
          const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } };
          await admin.ensure(`/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps`, body);
        },
      });
      watches.push(result);
      log(
        `  ${endpoint.label}: ${result.idle.rssMb.toFixed(1)} MB idle, ${result.withWatches.rssMb.toFixed(1)} MB with watches`,
      );
    }
    for (const name of markers) await admin.remove(`/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps/${name}`);

    log(`small GET latency, ${SIZES.getCount} requests per column`);
    const latencyOptions = { warmup: SIZES.getWarmup, count: SIZES.getCount, rounds: 4 };
    const get = await measureLatency(real.endpoints, { ...latencyOptions, path: GET_PATH, pids: real.pids });
    log(`LIST throughput, ${SIZES.listRuns} runs per column`);
    const list = await measureThroughput(real.endpoints, LIST_PATH, SIZES.listRuns, real.pids);

    log('trivial upstream: the same small GET and large body');
    const trivial = await startTrivial(join(work, 'trivial'), USER, id.roles);
    children.push(trivial);
    const fake = await startColumns(
      {
        upstreamKubeconfig: trivial.kubeconfig,
        org: trivial.org,
        resource: trivial.resource,
        user: USER,
        home: join(work, 'home-trivial'),
        impersonate,
      },
      children,
    );
    const smallPath = `/fixed?n=${byLabel(get, COLUMN.direct).bodyBytes}`;
    const trivialGet = await measureLatency(fake.endpoints, { ...latencyOptions, path: smallPath, pids: fake.pids });
    const largePath = `/fixed?n=${byLabel(list, COLUMN.direct).bytes}`;
    const trivialLarge = await measureThroughput(fake.endpoints, largePath, SIZES.listRuns, fake.pids);

    log(`exec throughput, ${SIZES.execBytes / 1e6} MB per run`);
    const exec = await measureExec(
      [
        { label: COLUMN.direct, kubeconfig: cluster.leasedKubeconfig, flags: impersonationFlags(id) },
        {
          label: COLUMN.gatehouse,
          kubeconfig: real.gatehouse.kubeconfig,
          flags: [],
          // Gatehouse records websocket exec sessions; 200 MB of output makes a large file.
          afterRun: () => rmSync(join(home, 'recordings'), { recursive: true, force: true }),
        },
      ],
      { namespace: 'team-a', pod: 'web' },
      SIZES.execBytes,
      SIZES.execRuns,
    );

    const results: BenchResults = {
      date: new Date().toISOString(),
      durationS: (performance.now() - started) / 1000,
      loadAtEnd: loadavg()[0] ?? 0,
      machine,
      serverVersion,
      identity: { email: id.email, groups: id.groups },
      setup: {
        getPath: GET_PATH,
        getCount: SIZES.getCount,
        getWarmup: SIZES.getWarmup,
        listPath: LIST_PATH,
        configMaps: SIZES.configMaps,
        listRuns: SIZES.listRuns,
        watchPath: WATCH_PATH,
        watchCount: SIZES.watchCount,
        execBytes: SIZES.execBytes,
        execRuns: SIZES.execRuns,
      },
      get,
      trivialGet,
      list,
      trivialLarge,
      watches,
      exec,
      hosts,
      gatewayLoad: crowd,
    };
    // RESULTS.md is rewritten only by a run of every phase; a partial one goes to BENCH_RESULTS or stdout.
    const everyPhase = PHASES.every((p) => phases.has(p));
    const resultsFile = process.env.BENCH_RESULTS ?? (everyPhase ? join(here, 'RESULTS.md') : null);
    const report = await formatMarkdown(renderReport(results, join(here, 'ANALYSIS.md')), join(here, 'RESULTS.md'));
    if (resultsFile) writeFileSync(resultsFile, report);
    else process.stdout.write(report);
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
    for (const c of checkTargets(results)) log(`${c.pass ? 'pass' : 'MISS'}  ${c.target}: ${c.measured}`);
    log(`${resultsFile ? `wrote ${resultsFile}` : 'report on stdout'} (${Math.round(results.durationS)} s)`);
  } finally {
    admin.close();
    for (const child of children.reverse()) await child.stop();
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
