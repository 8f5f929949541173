// npm run demo: starts the real test cluster (e2e/cluster/run.mjs) in a fresh temp dir.
// Placeholder: the cluster engineer refines this into the full walkthrough.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('../e2e/cluster/run.mjs', import.meta.url));
if (!existsSync(runner)) {
  console.error(`demo: ${runner} does not exist yet`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-demo-'));
console.log(`demo: starting the test cluster in ${dir} (Ctrl-C stops it)`);
console.log('demo: once it is ready, in another terminal:');
console.log(`  export GATEHOUSE_HOME=${join(dir, 'home')}`);
console.log(`  npx gatehouse --org ${join(dir, 'org.yaml')} status`);
const child = spawn(process.execPath, [runner, '--dir', dir], { stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
