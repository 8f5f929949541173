// How kubectl runs `gatehouse credential <resource>` from a kubeconfig (SPEC §10, `--direct`): an
// absolute command, since tools started from a desktop (Lens, an IDE) have a short PATH, and the
// Node that runs Gatehouse now rather than whatever `node` the PATH would find. Inside Electron the
// app's own binary runs the CLI as plain Node (ELECTRON_RUN_AS_NODE). GATEHOUSE_HOME travels
// along when set, so the plugin reads the same app data as the process that wrote the file.
import { join } from 'node:path';
import { packageRoot } from './package-root';

export interface CredentialCommand {
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
}

export function credentialCommand(resource: string, env: NodeJS.ProcessEnv = process.env): CredentialCommand {
  const bin = join(packageRoot(), 'bin', 'gatehouse.mjs');
  const vars: Array<{ name: string; value: string }> = [];
  if (process.versions.electron !== undefined) vars.push({ name: 'ELECTRON_RUN_AS_NODE', value: '1' });
  if (env.GATEHOUSE_HOME) vars.push({ name: 'GATEHOUSE_HOME', value: env.GATEHOUSE_HOME });
  return { command: process.execPath, args: [bin, 'credential', resource], env: vars };
}
