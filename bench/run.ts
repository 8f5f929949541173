// `npm run bench`: measures the Gatehouse proxy side by side with a direct connection to the API
// server and with `kubectl proxy`, against the real test cluster and a trivial local upstream, and
// writes bench/RESULTS.md (issue 3 §7). Not a test: it reports numbers and checks them against the
// targets, but exits 0 on a miss; it exits 1 only when a measurement cannot be made.
//
// Options: --quick (or BENCH_QUICK=1) smaller counts; --phase idle-rss measures only the desktop
// hosts' memory and start-up (bench/phases/idle-rss.ts) and prints its table and targets instead
// of rewriting RESULTS.md (unless BENCH_RESULTS names a file); --phase watches only the memory with
// many watches, as HTTP/2 streams and as HTTP/1.1 connections (bench/phases/watch-memory.ts).
// Environment: BENCH_CLUSTER_DIR reuse a running `npm run cluster -- --dir DIR`;
// BENCH_RESULTS / BENCH_JSON where to write the report / raw numbers;
// BENCH_GATEHOUSE_BIN, BENCH_GATEHOUSE_NODE_ARGS see lib/gatehouse.ts; BENCH_KUBECTL the kubectl;
// BENCH_COMPARE_BIN another checkout's bin/gatehouse.mjs measured beside this one in the idle-rss
// phase (BENCH_GATEHOUSE_LABEL / BENCH_COMPARE_LABEL name the two).
// --phase gateway-load: only the gateway under a crowd (bench/phases/gateway-load.ts), printed the
// same way; BENCH_GATEWAY_CPU_PROFILE=DIR profiles the replicas, BENCH_GATEWAY_NODE_OPTIONS adds
// to their NODE_OPTIONS; GATEHOUSE_UPSTREAM_HTTP2 reaches the replicas as it reaches the proxy.
// --render FILE: RESULTS.md from a full run's BENCH_JSON and the current ANALYSIS.md (no measuring).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureExec } from './phases/exec-streams';
import { clusterPid } from './lib/cluster-process';
import { measureGatewayLoad, type GatewayLoadResult } from './phases/gateway-load';
import { measureIdleRss, type Build, type HostKind, type HostsResult } from './phases/idle-rss';
import { measureWatches, type WatchesResult } from './phases/watch-memory';
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
import { checkHostTargets, checkTargets, type TargetCheck } from './lib/targets';
import { measureThroughput } from './lib/throughput';
import { checkWatchTargets, watchesSection } from './lib/watch-memory-report';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const quick = process.env.BENCH_QUICK === '1' || args.includes('--quick');
const PHASES = ['proxy', 'watches', 'idle-rss', 'gateway-load'] as const;
/** `--phase a,b` / `--phase=a`: only these (default: all). "proxy" is sections 1, 2, 4 and 5 of RESULTS.md. */
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
  /** Watches per shape (HTTP/2 streams, HTTP/1.1 connections), opened this many at once; h2 sessions to spread over. */
  watchCount: quick ? 200 : 1000,
  watchParallel: 50,
  watchSessions: 4,
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

async function measureWatchPhase(cluster: BenchCluster, admin: Api, work: string): Promise<WatchesResult> {
  await ensureNamespace(admin, WATCH_NAMESPACE);
  log(`memory with ${SIZES.watchCount} watches, as HTTP/2 streams and as HTTP/1.1 connections`);
  return measureWatches({
    admin,
    leasedKubeconfig: cluster.leasedKubeconfig,
    org: cluster.org,
    resource: 'staging',
    user: USER,
    impersonate: impersonationHeaders(whoami(cluster.org, USER)),
    home: join(work, 'home-watches'),
    namespace: WATCH_NAMESPACE,
    warmupPath: GET_PATH,
    count: SIZES.watchCount,
    parallel: SIZES.watchParallel,
    sessions: SIZES.watchSessions,
    log,
  });
}

/** A measurement that could not be made: the report says why, and the run exits 1 at its end. */
function watchFailures(w: WatchesResult | null): string[] {
  return (w?.rows ?? []).flatMap((r) => (!r.measured && r.failed ? [`${r.label}, ${r.mode}: ${r.reason}`] : []));
}

interface Part {
  section: string;
  checks: TargetCheck[];
  json: unknown;
}

/** A run without the proxy phase: its sections on stdout (or BENCH_RESULTS), not into RESULTS.md. */
async function printParts(parts: Part[]): Promise<void> {
  if (parts.length === 0) return;
  const text = await formatMarkdown(
    parts.map((p) => p.section).join('\n'),
    process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md'),
  );
  if (process.env.BENCH_RESULTS) writeFileSync(process.env.BENCH_RESULTS, text);
  else process.stdout.write(text);
  // One phase: its own result, as before; several: side by side.
  const json = parts.length === 1 ? parts[0]!.json : parts.map((p) => p.json);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
  for (const c of parts.flatMap((p) => p.checks)) log(`${c.pass ? 'pass' : 'MISS'}  ${c.target}: ${c.measured}`);
}

/**
 * `--render FILE`: RESULTS.md again from a full run's BENCH_JSON and the current ANALYSIS.md, which
 * is written by hand after the run; nothing is measured.
 */
async function renderOnly(file: string): Promise<void> {
  const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
  if (!results.watches || !results.hosts || !results.gatewayLoad) {
    throw new Error(`${file}: not the raw numbers of a full run (a phase is missing); RESULTS.md needs every phase`);
  }
  const target = join(here, 'RESULTS.md');
  writeFileSync(target, await formatMarkdown(renderReport(results, join(here, 'ANALYSIS.md')), target));
  log(`wrote ${target} from ${file} (measured ${results.date})`);
}

async function main(): Promise<void> {
  const renderAt = args.indexOf('--render');
  if (renderAt >= 0) {
    const file = args[renderAt + 1];
    if (!file) throw new Error('--render takes the BENCH_JSON file of a full run');
    await renderOnly(file);
    return;
  }
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
    // Before the large LIST's fixtures: only the empty watch namespace is needed.
    const watches = phases.has('watches') ? await measureWatchPhase(cluster, admin, work) : null;
    const failures = watchFailures(watches);
    if (failures.length > 0) process.exitCode = 1;
    if (!phases.has('proxy')) {
      const now = new Date().toISOString();
      await printParts([
        ...(watches
          ? [
              {
                section: watchesSection(watches, `## Memory with ${watches.count} concurrent watches (${now})`),
                checks: checkWatchTargets(watches),
                json: watches,
              },
            ]
          : []),
        ...(crowd
          ? [
              {
                section: gatewayLoadSection(crowd, `## Gateway load (${now})`),
                checks: checkGatewayLoadTargets(crowd),
                json: crowd,
              },
            ]
          : []),
        ...(hosts
          ? [
              {
                section: hostsSection(hosts, `## Desktop hosts: idle memory and start-up (${now})`),
                checks: checkHostTargets(hosts),
                json: hosts,
              },
            ]
          : []),
      ]);
      for (const f of failures) log(`could not measure ${f}`);
      return;
    }
    const serverVersion = describeServerVersion((await admin.json<{ gitVersion: string }>('/version')).gitVersion);
    log(`creating ${SIZES.configMaps} ConfigMaps in namespace ${LIST_NAMESPACE} (existing ones are kept)`);
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
          proxyPid: real.pids.get(COLUMN.gatehouse),
          // Gatehouse records websocket exec sessions; 200 MB of output makes a large file.
          afterRun: () => rmSync(join(home, 'recordings'), { recursive: true, force: true }),
        },
      ],
      { namespace: 'team-a', pod: 'web' },
      SIZES.execBytes,
      SIZES.execRuns,
      clusterPid(cluster.dir),
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
    for (const f of failures) log(`could not measure ${f}`);
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
