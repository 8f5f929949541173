#!/usr/bin/env node
// `npm run cluster -- --dir DIR`: builds the test cluster binary when its sources changed (the
// first build takes minutes; later starts reuse it), then runs it in the foreground. Signals are
// passed on, and the exit code is the cluster's.
import { ensureClusterBinary } from './build.mjs';
import { spawn } from 'node:child_process';

const binary = await ensureClusterBinary({ log: (line) => process.stderr.write(`${line}\n`) });
const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
