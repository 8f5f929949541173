#!/usr/bin/env node
// `node scripts/demo/lifeline.mjs COMMAND [ARGS…]`: runs COMMAND with this process's stdout and
// stderr, and stops it when this process's stdin closes — the one event still delivered when
// whoever started us dies, even by SIGKILL (our stdin is a pipe whose only writer is that parent).
// The test cluster and the test OpenID provider have this built in (--stop-on-stdin-eof); the
// demo runs `gatehouse gateway` and `gatehouse ui --browser`, which have not, through this.
//
// Stopping is one SIGTERM to the child (on stdin's end, or on our own SIGTERM/SIGINT/SIGHUP), then
// SIGKILL if it is still there after KILL_AFTER_MS. A second signal sends nothing more: the
// gatehouse CLI takes a second SIGINT as "die now" (process.once), which would skip its drain.
// Exits with the child's exit code (1 when it died of a signal we did not send).
import { spawn } from 'node:child_process';

const KILL_AFTER_MS = 15_000;

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: lifeline.mjs COMMAND [ARGS…]\n');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS).unref();
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();

child.on('error', (err) => {
  process.stderr.write(`lifeline: ${command}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' && stopping ? 0 : 1)));
