// npm run demo [-- OPTIONS]: the whole product on one machine, with real parts only.
//   (default)   gateway mode (SPEC §10): the test cluster, a real OpenID provider with demo people
//               and passwords, two gateway replicas behind one address, and the desktop in browser
//               mode on its sign-in screen — scripts/demo/gateway-demo.ts.
//   --local     local mode: the test cluster and the desktop signed in as alice@example.com with
//               the org file on this machine — scripts/demo/local-demo.mjs.
//   --dir DIR   the demo directory (default: a new one under the temp dir; also the first argument).
//   --cluster-dir DIR   gateway mode on a test cluster already running there (npm run cluster -- --dir DIR).
//   --port N    the gateway address's port (default 18443, or a free one when taken; 0 = a free one).
//   --check     gateway mode: start everything, check every part answers, stop, exit 0 (its test).
// Ctrl-C stops everything.
import { parseArgs } from 'node:util';

const usage = 'usage: npm run demo -- [--local] [--dir DIR] [--cluster-dir DIR] [--port N] [--check]';
let parsed;
try {
  parsed = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
      dir: { type: 'string' },
      'cluster-dir': { type: 'string' },
      port: { type: 'string' },
    },
    allowPositionals: true,
  });
} catch (err) {
  console.error(`demo: ${err.message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const dir = values.dir ?? positionals[0];
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
  console.error(`demo: --port ${values.port}: expected a port number 0…65535\n${usage}`);
  process.exit(2);
}
if (values.local && (values.check || values['cluster-dir'] || port !== undefined)) {
  console.error(`demo: --local takes only --dir\n${usage}`);
  process.exit(2);
}

if (values.local) {
  const { runLocalDemo } = await import('./demo/local-demo.mjs');
  await runLocalDemo(dir);
} else {
  // The gateway demo reuses the tests' TypeScript support (e2e/support): run it through tsx.
  const { tsImport } = await import('tsx/esm/api');
  const { runGatewayDemo } = await tsImport('./demo/gateway-demo.ts', import.meta.url);
  const code = await runGatewayDemo({ dir, clusterDir: values['cluster-dir'], port, check: values.check });
  process.exit(code);
}
