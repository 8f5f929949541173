// `npm run demo`: gateway mode's real topology on one machine (SPEC §10) —
//   the test cluster (e2e/cluster) with its demo organisation,
//   a real OpenID provider (e2e/support/oidc, panva oidc-provider) with the demo people and passwords,
//   two `gatehouse gateway` replicas sharing one config, behind one address (round-robin.ts, the
//   demo's stand-in for the Service / load balancer),
//   the desktop in browser mode (`gatehouse ui --browser`) on its sign-in screen, the gateway URL
//   and CA file already filled in (settings.json preset, as an admin may ship it).
// Everything lives in one demo directory; Ctrl-C stops it all, in order. `--check` starts it all,
// checks that each part answers, stops it all and exits 0 (the integration test of the demo).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster, clusterInfo, type ClusterInfo } from '../../e2e/cluster/harness';
import { demoOrgCopy } from '../../e2e/support/gatehouse-cli';
import { writeGatewayConfig } from '../../e2e/support/gateway';
import { TEST_ACCOUNTS } from '../../e2e/support/oidc/accounts';
import { startOidcProvider, type RunningOidcProvider } from '../../e2e/support/oidc/harness';
import { buildRenderer } from './build-renderer';
import { startRoundRobin, type RoundRobin } from './round-robin';
import { startSupervised, type Supervised } from './supervised';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'gatehouse.mjs');
const LISTENING = /^gateway listening https:\/\/(\S+):(\d+)$/;
/** The people of the demo org who administer it: the gateway's `admins` (admin screens). */
const ADMINS = ['erin@example.com'];
/** What each demo account shows, beside its password. */
const NOTES: Record<string, string> = {
  'erin@example.com': 'gateway admin',
  'frank@example.com': 'on payments as his identity alias frank_c',
  'unverified-bob': 'refused by the gateway: email not verified',
  'zed@example.com': 'refused by the gateway: not in the org',
};
const START_TIMEOUT_MS = 120_000;

export interface GatewayDemoOptions {
  /** The demo directory; default a new one under the system temp dir. */
  dir?: string;
  /** Use the test cluster already running there (`npm run cluster -- --dir DIR`) instead of starting one. */
  clusterDir?: string;
  /** The gateway address's port (default 18443; a free one when that is taken). 0 = a free one. */
  port?: number;
  /** Start everything, check it answers, stop everything: exit code 0 when all answered. */
  check?: boolean;
}

const say = (line: string): void => console.log(`demo: ${line}`);

/** The renderer browser mode serves; built when missing (the whole app, or with --check the renderer alone). */
async function ensureBuilt(check: boolean): Promise<void> {
  if (existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) return;
  if (check) {
    say('building the renderer (for the check)…');
    await buildRenderer(ROOT);
    return;
  }
  say('building the app (first run)…');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`building the app failed (npm run build exited ${build.status})`);
}

function reuseCluster(dir: string): ClusterInfo {
  const kubeconfig = join(dir, 'admin.kubeconfig');
  if (!existsSync(kubeconfig))
    throw new Error(
      `--cluster-dir ${dir}: no running test cluster there (no admin.kubeconfig; start one: npm run cluster -- --dir ${dir})`,
    );
  const server = /server: (\S+)/.exec(readFileSync(kubeconfig, 'utf8'))?.[1];
  if (!server) throw new Error(`--cluster-dir ${dir}: no server in admin.kubeconfig`);
  return clusterInfo(dir, server);
}

/** The environment of what the demo runs: the caller's, minus what would sign the desktop in locally. */
function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_HOME: home };
  delete env.GATEHOUSE_ORG;
  delete env.GATEHOUSE_USER;
  delete env.GATEHOUSE_DEMO_ORG;
  return env;
}

interface Stoppable {
  what: string;
  stop(): Promise<unknown>;
}

/** What has been started, stopped newest first (the desktop before the gateways before the IdP and the cluster). */
class Started {
  private readonly items: Stoppable[] = [];
  private stopping: Promise<void> | null = null;

  add(what: string, stop: () => Promise<unknown>): void {
    this.items.push({ what, stop });
  }

  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      for (const item of this.items.reverse()) {
        try {
          await item.stop();
        } catch (err) {
          say(`stopping ${item.what}: ${(err as Error).message}`);
        }
      }
    })();
    return this.stopping;
  }
}

function get(url: string, ca: string): Promise<{ status: number; contentType: string; body: string }> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    // A fresh connection per request: each one is a new turn of the round robin.
    const req = client.get(
      url,
      { ca, agent: false, timeout: 15_000, headers: { accept: 'application/json, text/html' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 15 s`)));
    req.on('error', reject);
  });
}

interface Topology {
  dir: string;
  cluster: ClusterInfo;
  idp: RunningOidcProvider;
  replicas: Supervised[];
  front: RoundRobin;
  gatewayUrl: string;
  caBundle: string;
  home: string;
  ui: Supervised;
  uiLink: string;
}

async function startTopology(opts: GatewayDemoOptions, started: Started): Promise<Topology> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  await ensureBuilt(opts.check === true);

  say(`demo directory ${dir}`);
  const clusterStart = opts.clusterDir
    ? Promise.resolve(reuseCluster(opts.clusterDir))
    : startCluster(join(dir, 'cluster')).then((running) => {
        started.add('the test cluster', () => running.stop());
        return running;
      });
  const idpStart = startOidcProvider({ dir: join(dir, 'oidc') }).then((running) => {
    started.add('the OpenID provider', () => running.stop());
    return running;
  });
  // Both first (each takes seconds), and whichever fails is reported after both have settled.
  const [clusterResult, idpResult] = await Promise.allSettled([clusterStart, idpStart]);
  if (clusterResult.status === 'rejected') throw clusterResult.reason;
  if (idpResult.status === 'rejected') throw idpResult.reason;
  const cluster = clusterResult.value;
  const idp = idpResult.value;
  say(
    opts.clusterDir
      ? `using the test cluster in ${cluster.dir} (${cluster.server})`
      : `test cluster up: ${cluster.server}`,
  );
  say(`OpenID provider up: ${idp.info.issuer}`);

  // One config for both replicas, as a Deployment's pods share one ConfigMap.
  const gatewayDir = join(dir, 'gateway');
  mkdirSync(gatewayDir, { recursive: true });
  const orgCopy = demoOrgCopy(cluster.dir, gatewayDir);
  const config = writeGatewayConfig({
    dir: gatewayDir,
    org: orgCopy,
    oidc: idp.info,
    admins: ADMINS,
    extra: { shutdownGraceSeconds: 2 },
  });
  rmSync(orgCopy);
  const replicas = ['gateway-a', 'gateway-b'].map((name) => {
    const home = join(gatewayDir, `${name}-home`);
    mkdirSync(home, { recursive: true });
    const replica = startSupervised({
      name,
      command: process.execPath,
      args: [BIN, 'gateway', '--config', config.file],
      env: childEnv(home),
      logFile: join(logs, `${name}.log`),
    });
    started.add(name, () => replica.stop());
    return replica;
  });
  const listening = await Promise.all(replicas.map((r) => r.waitForLine(LISTENING, START_TIMEOUT_MS)));
  for (const [i, r] of replicas.entries())
    say(`${r.name} up: https://${listening[i]![1]}:${listening[i]![2]} (pid ${r.pid}, log ${r.logFile})`);

  const requestedPort = opts.port ?? 18443;
  const front = await startRoundRobin({
    host: '127.0.0.1',
    port: requestedPort,
    backends: listening.map((m) => ({ host: m[1]!, port: Number(m[2]) })),
    fallbackToFreePort: true,
    onUnreachable: (reason) => say(`gateway address: ${reason}`),
  });
  started.add('the gateway address', () => front.close());
  const gatewayUrl = `https://127.0.0.1:${front.port}`;
  if (requestedPort !== 0 && front.port !== requestedPort)
    say(`port ${requestedPort} is taken; the gateway address is on ${front.port}`);

  // What a person passes as --ca: the gateway's CA, and the provider's (the desktop talks to both).
  const caBundle = join(dir, 'ca-bundle.pem');
  writeFileSync(caBundle, `${config.caPem.trim()}\n${readFileSync(idp.info.caFile, 'utf8').trim()}\n`);

  // The desktop's app data, with the sign-in screen preset (app/services/state/settings-store.ts).
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'settings.json'), `${JSON.stringify({ gatewayUrl, gatewayCaFile: caBundle }, null, 2)}\n`);
  const ui = startSupervised({
    name: 'desktop (browser mode)',
    command: process.execPath,
    args: [BIN, 'ui', '--browser'],
    env: childEnv(home),
    logFile: join(logs, 'desktop.log'),
  });
  started.add('the desktop', () => ui.stop());
  const uiLink = (await ui.waitForLine(/^open (\S+)$/, START_TIMEOUT_MS))[1]!;
  say(`desktop up (pid ${ui.pid}, log ${ui.logFile})`);

  return { dir, cluster, idp, replicas, front, gatewayUrl, caBundle, home, ui, uiLink };
}

function printSummary(t: Topology): void {
  const width = Math.max(...TEST_ACCOUNTS.map((a) => a.login.length));
  const people = TEST_ACCOUNTS.map(
    (a) => `    ${a.login.padEnd(width)}  ${a.password}${NOTES[a.login] ? `   (${NOTES[a.login]})` : ''}`,
  ).join('\n');
  const [a, b] = t.replicas;
  console.log(`
Gatehouse in gateway mode: a cluster, an identity provider, two gateway replicas behind one address.

  Open the app:      ${t.uiLink}
                     (the link works once, in one browser tab; reloading that tab keeps working)
                     Choose "Sign in with your organisation": the gateway URL and CA file are filled in.

  Gateway URL:       ${t.gatewayUrl}    (round robin to ${a?.name} and ${b?.name}; in production: the Service / load balancer)
  CA file (--ca):    ${t.caBundle}    (the gateway's CA and the provider's)
  Identity provider: ${t.idp.info.issuer}    (client id ${t.idp.info.clientId})

  People (login, password) on the provider's sign-in page:
${people}

  The CLI and kubectl, in another terminal:
    export GATEHOUSE_HOME=${t.home} KUBECONFIG=${join(t.dir, 'kubeconfig')}
    npx gatehouse login --gateway ${t.gatewayUrl} --ca ${t.caBundle} --device    # without --device: opens a browser
    npx gatehouse whoami                       # who the gateway says you are, and your resources
    npx gatehouse connect --all                # loopback listeners that forward to the gateway
    npx gatehouse k8s update-config            # contexts for them
    kubectl --context staging get pods -n team-a
    npx gatehouse k8s update-config --direct --kubeconfig ${join(t.dir, 'direct.kubeconfig')}
    kubectl --kubeconfig ${join(t.dir, 'direct.kubeconfig')} --context staging get pods -n team-a   # no Gatehouse process needed

  What the gateways and the cluster saw:
    tail -f ${a?.logFile} ${b?.logFile}    # one JSON audit line per request
    grep alice@example.com ${t.cluster.auditLog} | tail -1
  Stop one replica (kill ${a?.pid}): new connections go to the other.

Ctrl-C stops everything.`);
}

/** Starts everything, checks that every part answers through the address a person uses, stops. */
async function check(t: Topology): Promise<void> {
  const ca = readFileSync(t.caBundle, 'utf8');
  const ok = (line: string): void => console.log(`check: ok ${line}`);

  // Readiness: org loaded, keys fetched, clusters reachable (checked in the background at start).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await get(`${t.gatewayUrl}/readyz`, ca);
    if (ready.status === 200) break;
    if (Date.now() > deadline)
      throw new Error(`${t.gatewayUrl}/readyz still answers ${ready.status}: ${ready.body.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Two more, one per replica (consecutive connections take turns).
  const before = [...t.front.connections];
  for (let i = 0; i < 2; i++) {
    const ready = await get(`${t.gatewayUrl}/readyz`, ca);
    if (ready.status !== 200)
      throw new Error(`${t.gatewayUrl}/readyz answered ${ready.status}: ${ready.body.slice(0, 300)}`);
  }
  const readyzPerReplica = t.front.connections.map((n, i) => n - (before[i] ?? 0));
  if (readyzPerReplica.some((n) => n !== 1))
    throw new Error(`/readyz did not reach each replica once: ${JSON.stringify(readyzPerReplica)}`);
  ok(`${t.gatewayUrl}/readyz answers 200 on both replicas`);

  // /readyz is not audited; the sign-in discovery is: each replica's audit line shows it was used.
  const audited = t.replicas.map((r) => r.waitForLine(/"path":"\/\.well-known\/gatehouse".*"status":200/, 15_000));
  for (let i = 0; i < t.replicas.length; i++) {
    const discovery = await get(`${t.gatewayUrl}/.well-known/gatehouse`, ca);
    const body = JSON.parse(discovery.body) as { issuer?: string; clientId?: string };
    if (discovery.status !== 200 || body.issuer !== t.idp.info.issuer)
      throw new Error(
        `${t.gatewayUrl}/.well-known/gatehouse answered ${discovery.status}: ${discovery.body.slice(0, 300)}`,
      );
  }
  await Promise.all(audited);
  ok(
    `${t.gatewayUrl}/.well-known/gatehouse names the issuer; audit lines from ${t.replicas.map((r) => r.name).join(' and ')}`,
  );

  const discovery = await get(`${t.idp.info.issuer}/.well-known/openid-configuration`, ca);
  if (discovery.status !== 200) throw new Error(`the provider's discovery answered ${discovery.status}`);
  ok(`${t.idp.info.issuer} answers its discovery, trusted through ${t.caBundle}`);

  const page = await get(t.uiLink, ca);
  if (page.status !== 200 || !page.contentType.startsWith('text/html'))
    throw new Error(`the desktop's link answered ${page.status} ${page.contentType}: ${page.body.slice(0, 200)}`);
  ok(`the desktop's link answers (${page.status} ${page.contentType})`);
}

/** Runs the demo; resolves with the exit code (only with --check, or when starting failed). */
export async function runGatewayDemo(opts: GatewayDemoOptions): Promise<number> {
  const started = new Started();
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    say(`${signal}: stopping everything…`);
    void started.stopAll().then(() => {
      say('stopped');
      process.exit(0);
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  let topology: Topology;
  try {
    topology = await startTopology(opts, started);
  } catch (err) {
    console.error(`demo: ${(err as Error).message}`);
    await started.stopAll();
    return 1;
  }
  printSummary(topology);
  for (const r of [...topology.replicas, topology.ui]) {
    void r.exited.then((code) => {
      if (!signalled && !opts.check) say(`${r.name} (pid ${r.pid}) stopped with code ${code}; its log: ${r.logFile}`);
    });
  }
  if (!opts.check) return new Promise<number>(() => {});

  let code = 0;
  try {
    await check(topology);
    console.log('check: all parts answer');
  } catch (err) {
    console.error(`check: FAILED: ${(err as Error).message}`);
    code = 1;
  }
  await started.stopAll();
  say('stopped');
  return code;
}
