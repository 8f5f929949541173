// CLI entry point (run through bin/gatehouse.mjs, or `npx tsx app/cli/main.ts`).
import { runCli } from './cli';

const stopSignal = new Promise<string>((resolve) => {
  process.once('SIGINT', () => resolve('SIGINT'));
  process.once('SIGTERM', () => resolve('SIGTERM'));
});

process.exitCode = await runCli(
  process.argv.slice(2),
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  { env: process.env, stopSignal },
);
// Long-running commands have closed their servers; nothing should keep the process alive, but a
// stray handle must not turn Ctrl-C into a hang.
process.exit();
