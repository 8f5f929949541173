// A CPU profile of a process the bench does not spawn itself (the gateway replicas, which
// e2e/support/gateway.ts starts as `node bin/gatehouse.mjs gateway …`): loaded with
// NODE_OPTIONS="--import <this file>" — Node 20 refuses --cpu-prof in NODE_OPTIONS — it profiles
// through the in-process inspector, as --cpu-prof does, and writes
// $BENCH_CPU_PROFILE_DIR/<pid>.cpuprofile (Chrome DevTools format) when the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  // The in-process session answers synchronously, so the profile is written before the exit completes.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
