// `npm run demo -- --local`: local mode (SPEC §2–§8) on the embedded default — a real test cluster
// (e2e/cluster), its demo organisation, and Gatehouse's window in browser mode, signed in as
// alice@example.com with the org file and the leased credential on this machine.
// Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureClusterBinary } from '../../e2e/cluster/build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const say = (line) => console.log(`demo: ${line}`);

/** Starts a child and resolves with the first stdout line matching `pattern`. */
function startAndWait(command, args, env, pattern) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = line.match(pattern);
      if (m) resolve({ child, match: m });
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with code ${code}`)));
  });
}

/** @param {string | undefined} demoDir */
export async function runLocalDemo(demoDir) {
  const dir = demoDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
  const home = join(dir, 'home');
  const clusterBinary = await ensureClusterBinary({ log: (line) => say(line) });
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    say('building the app (first run)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  say(`starting the test cluster in ${dir}`);
  // stdin is the cluster's lifeline: if this script dies, the cluster stops too.
  const cluster = await startAndWait(clusterBinary, ['--dir', dir, '--stop-on-stdin-eof'], {}, /^ready$/);
  const org = join(dir, 'org.yaml');
  const ui = await startAndWait(
    process.execPath,
    [join(root, 'bin', 'gatehouse.mjs'), 'ui', '--browser', '--org', org, '--user', 'alice@example.com'],
    { GATEHOUSE_HOME: home, GATEHOUSE_DEMO_ORG: org },
    /^open (\S+)$/,
  );

  console.log(`
Gatehouse is running on the demo organisation, signed in as alice@example.com.

  Open the app:   ${ui.match[1]}
                  (the link works once, in one browser tab; reloading that tab keeps working)

  Or use the CLI and kubectl in another terminal:
    export GATEHOUSE_HOME=${home} KUBECONFIG=${join(dir, 'kubeconfig')}
    npx gatehouse status
    npx gatehouse connect staging
    npx gatehouse k8s update-config
    kubectl --context staging get pods -n team-a      # as alice; the cluster's audit log says so:
    grep alice@example.com ${join(dir, 'audit.log')} | tail -1

  Admin:  npx gatehouse doctor    npx gatehouse roles preview    npx gatehouse rbac generate

Ctrl-C stops Gatehouse and the cluster.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    ui.child.kill('SIGTERM');
    ui.child.once('exit', () => {
      cluster.child.kill('SIGTERM');
      cluster.child.once('exit', () => process.exit(0));
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
