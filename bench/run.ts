// `npm run bench`: measures the Gatehouse proxy side by side with a direct connection to the API
// server and with `kubectl proxy`, against the real test cluster and a trivial local upstream, and
// writes bench/RESULTS.md (issue 3 §7). Not a test: it reports numbers and checks them against the
// targets, but exits 0 on a miss; it exits 1 only when a measurement cannot be made.
//
// Environment: BENCH_CLUSTER_DIR reuse a running `npm run cluster -- --dir DIR`;
// BENCH_RESULTS / BENCH_JSON where to write the report / raw numbers; BENCH_QUICK=1 smaller counts;
// BENCH_GATEHOUSE_BIN, BENCH_GATEHOUSE_NODE_ARGS see lib/gatehouse.ts; BENCH_KUBECTL the kubectl.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureExec } from './phases/exec-streams';
import { measureWatchMemory, type WatchMemoryResult } from './phases/watch-memory';
import { startTrivial } from './trivial/setup';
import { Api } from './lib/api';
import { acquireCluster } from './lib/cluster';
import type { Child } from './lib/child';
import { startColumns } from './lib/columns';
import { endpointFromKubeconfig } from './lib/endpoint';
import { ensureConfigMaps, ensureNamespace, LIST_NAMESPACE, WATCH_NAMESPACE } from './lib/fixtures';
import { impersonationFlags, impersonationHeaders, whoami } from './lib/identity';
import { measureLatency } from './lib/latency';
import { describeMachine } from './lib/machine';
import { describeServerVersion } from './lib/server-version';
import { formatMarkdown, renderReport } from './lib/report';
import { byLabel, COLUMN, type BenchResults } from './lib/results';
import { checkTargets } from './lib/targets';
import { measureThroughput } from './lib/throughput';

const here = fileURLToPath(new URL('.', import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
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
};
const GET_PATH = '/api/v1/namespaces/team-a/pods/web';
const LIST_PATH = `/api/v1/namespaces/${LIST_NAMESPACE}/configmaps`;
const WATCH_PATH = `/api/v1/namespaces/${WATCH_NAMESPACE}/configmaps?watch=true`;

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const children: Child[] = [];
  log(
    process.env.BENCH_CLUSTER_DIR
      ? `using the cluster in ${process.env.BENCH_CLUSTER_DIR}`
      : 'starting the test cluster',
  );
  const cluster = await acquireCluster();
  const admin = new Api(await endpointFromKubeconfig('admin', cluster.adminKubeconfig), 32);
  try {
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
    };
    const resultsFile = process.env.BENCH_RESULTS ?? join(here, 'RESULTS.md');
    writeFileSync(resultsFile, await formatMarkdown(renderReport(results, join(here, 'ANALYSIS.md')), resultsFile));
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
    for (const c of checkTargets(results)) log(`${c.pass ? 'pass' : 'MISS'}  ${c.target}: ${c.measured}`);
    log(`wrote ${resultsFile} (${Math.round(results.durationS)} s)`);
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
