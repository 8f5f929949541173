// `npm run cluster` must leave nothing behind however it is ended: a SIGTERM to npm alone (what a
// supervisor, a CI runner or a closing terminal sends), a SIGKILL of npm, or a SIGKILL of the node
// wrapper (no handler runs). Each case starts its own cluster in a temp dir (not the shared one)
// and waits for every process of the tree to be gone and the API port to be closed.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** "Within seconds": the cluster's own graceful stop takes about two. */
const GONE_WITHIN_MS = 10_000;

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  argv: string[];
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    return { pid, ppid: Number(ppid), state, argv };
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` and every process below it, by the parent links in /proc. */
function processTree(root: number): Proc[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== null);
  const tree: Proc[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const pid = frontier.pop()!;
    const proc = all.find((p) => p.pid === pid);
    if (proc) tree.push(proc);
    frontier.push(...all.filter((p) => p.ppid === pid).map((p) => p.pid));
  }
  return tree;
}

/** Alive = exists and is not a zombie (an orphan's zombie waits for init, it runs nothing). */
function alive(pid: number): boolean {
  const proc = readProc(pid);
  return proc !== null && proc.state !== 'Z';
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Processes that are not our children cannot be awaited: poll until `done` holds, or give up
 * after `ms` and return false.
 */
async function within(ms: number, done: () => Promise<boolean> | boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return done();
}

interface StartedCluster {
  npm: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  /** npm, its shell, the node wrapper and the cluster binary. */
  tree: Proc[];
  wrapper: Proc;
  cluster: Proc;
}

const started: StartedCluster[] = [];
const dirs: string[] = [];

afterEach(() => {
  // Whatever a failing case left behind: only the processes these tests started.
  for (const { tree } of started.splice(0)) {
    for (const proc of tree) if (alive(proc.pid)) process.kill(proc.pid, 'SIGKILL');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startNpmCluster(): Promise<StartedCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-lifecycle-'));
  dirs.push(dir);
  // Its own process group, so nothing sent to the test runner's group reaches it.
  const npm = spawn('npm', ['run', 'cluster', '--', '--dir', dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  npm.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let server = 0;
    createInterface({ input: npm.stdout }).on('line', (line) => {
      const match = /^server https:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      if (match) server = Number(match[1]);
      if (line === 'ready') resolve(server);
    });
    npm.once('exit', (code) => reject(new Error(`npm run cluster exited (${code}) before ready:\n${stderr.slice(-2000)}`)));
  });
  const tree = processTree(npm.pid!);
  const wrapper = tree.find((p) => p.argv[0]?.endsWith('node') === true && p.argv[1] === 'e2e/cluster/run.mjs');
  const cluster = tree.find((p) => p.argv[0]?.endsWith('/bin/cluster') === true);
  if (!wrapper || !cluster) throw new Error(`unexpected process tree: ${JSON.stringify(tree.map((p) => p.argv))}`);
  const result = { npm, port, tree, wrapper, cluster };
  started.push(result);
  return result;
}

async function expectEverythingGone(c: StartedCluster): Promise<void> {
  const remaining = () => c.tree.filter((p) => alive(p.pid)).map((p) => `${p.pid} ${p.argv.join(' ')}`);
  const gone = await within(GONE_WITHIN_MS, async () => remaining().length === 0 && !(await portOpen(c.port)));
  expect({ gone, remaining: remaining(), portOpen: await portOpen(c.port) }).toEqual({ gone: true, remaining: [], portOpen: false });
}

describe('npm run cluster stops completely, however it is ended', () => {
  it('SIGTERM to the npm process alone', async () => {
    const c = await startNpmCluster();
    expect(await portOpen(c.port)).toBe(true);
    process.kill(c.npm.pid!, 'SIGTERM');
    await expectEverythingGone(c);
  });

  it('SIGKILL of the npm process', async () => {
    const c = await startNpmCluster();
    process.kill(c.npm.pid!, 'SIGKILL');
    await expectEverythingGone(c);
  });

  it('SIGKILL of the node wrapper: the cluster notices its parent is gone', async () => {
    const c = await startNpmCluster();
    process.kill(c.wrapper.pid, 'SIGKILL');
    await expectEverythingGone(c);
  });
});
