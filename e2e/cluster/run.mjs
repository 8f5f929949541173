#!/usr/bin/env node
// `npm run cluster -- --dir DIR`: builds the test cluster binary when its sources changed (the
// first build takes minutes; later starts reuse it), then runs it in the foreground. Signals are
// passed on, and the exit code is the cluster's.
//
// Nothing outlives the command, however it is ended (a supervisor, a CI runner, a closed terminal):
// - SIGINT/SIGTERM to this wrapper are passed on to the cluster.
// - `npm run` runs us under `sh -c`; a SIGTERM to npm alone kills that shell and leaves us
//   orphaned, signal-less. So the wrapper watches its parent: once it is gone (we were reparented),
//   it stops the cluster (and an ongoing build) and exits. Under npm it also watches npm itself
//   (the shell's parent, read from /proc where there is one): a SIGKILL of npm leaves the shell
//   waiting for us forever.
// - If the wrapper itself is killed (SIGKILL: no handler runs), the cluster's stdin is a pipe
//   whose only writer is this process: its end closing is the one event still delivered, and the
//   cluster stops on it (--stop-on-stdin-eof; it also watches its own parent).
import { ensureClusterBinary } from './build.mjs';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How often the parent is checked; a stop is noticed within this. */
const PARENT_POLL_MS = 250;
/** A cluster that ignores SIGTERM this long is killed. */
const KILL_AFTER_MS = 20_000;

/** The parent of process `pid`, or null where /proc cannot say (not Linux, or `pid` is gone). */
function parentOf(pid) {
  try {
    // "pid (comm) state ppid …"; comm may contain spaces and parentheses, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

const parentAtStart = process.ppid;
// npm sets npm_lifecycle_event for the scripts it runs: our parent is then its `sh -c`.
const npmAtStart = process.env.npm_lifecycle_event ? parentOf(parentAtStart) : null;
const parentGone = () => process.ppid !== parentAtStart || (npmAtStart !== null && parentOf(parentAtStart) !== npmAtStart);
const build = new AbortController();
/** @type {import('node:child_process').ChildProcess | null} */
let child = null;
let stopping = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  build.abort();
  if (!child) return; // the build ends with an AbortError, and the catch below exits
  child.kill(signal);
  setTimeout(() => child?.kill('SIGKILL'), KILL_AFTER_MS).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stop(signal === 'SIGHUP' ? 'SIGTERM' : signal));
}
const parentWatch = setInterval(() => {
  if (parentGone()) stop('SIGTERM');
}, PARENT_POLL_MS);

let binary;
try {
  binary = await ensureClusterBinary({ log: (line) => process.stderr.write(`${line}\n`), signal: build.signal });
} catch (err) {
  process.stderr.write(`cluster: ${stopping ? 'stopped during the build' : err.message}\n`);
  process.exit(1);
}
child = spawn(binary, [...process.argv.slice(2), '--stop-on-stdin-eof'], { stdio: ['pipe', 'inherit', 'inherit'] });
child.on('exit', (code, signal) => {
  clearInterval(parentWatch);
  process.exit(code ?? (signal ? 1 : 0));
});
if (stopping) child.kill('SIGTERM');
