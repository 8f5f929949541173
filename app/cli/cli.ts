// `gatehouse` (SPEC §7): parses the command line, runs one command, returns the exit code.
import { parseArgs } from 'node:util';
import { PRODUCT_NAME } from '../../shared';
import { exitCodeOf, messageOf } from '../../shared/errors';
import { EXIT, type CliContext, type CliIo, type Command } from './command';
import { agentCommand } from './hosting/agent';
import { connectCommand } from './commands/connect';
import { disconnectCommand } from './commands/disconnect';
import { statusCommand } from './commands/status';
import { k8sCommand } from './commands/k8s';
import { doctorCommand } from './commands/doctor';
import { rbacCommand } from './commands/rbac';
import { rolesCommand } from './commands/roles';
import { uiCommand } from './hosting/ui';
import { whoamiCommand } from './commands/whoami';
import { gatewayCommand } from './hosting/gateway';
import { loginCommand, logoutCommand } from './commands/login';
import { credentialCommand } from './commands/credential';

export { EXIT, type CliIo } from './command';

const COMMANDS: ReadonlyArray<readonly [name: string, synopsis: string, command?: Command]> = [
  ['status', 'status [--json]                       assigned resources, port, state, health', statusCommand],
  ['connect', 'connect <name>|--all [--foreground]   start the local proxy', connectCommand],
  ['disconnect', 'disconnect <name>|--all', disconnectCommand],
  [
    'k8s',
    'k8s update-config [--dry-run] [--force] [--rotate-tokens] [--use-context NAME] [--kubeconfig PATH] [--direct]',
    k8sCommand,
  ],
  ['whoami', 'whoami [--json]                       email, roles, groups (with warnings)', whoamiCommand],
  ['roles', 'roles preview [--json]                every role -> group, collisions, invalid', rolesCommand],
  ['doctor', 'doctor [<name>] [--json]              cluster setup checks per resource', doctorCommand],
  ['rbac', 'rbac generate [<name>] [--broad]      YAML to apply as cluster admin', rbacCommand],
  ['ui', 'ui --browser [--port N]               the app in a browser (browser mode)', uiCommand],
  ['agent', 'agent                                 run the background agent in the foreground', agentCommand],
  ['login', 'login --gateway URL [--ca FILE] [--device]  sign in at your organisation’s gateway (SSO)', loginCommand],
  ['logout', 'logout                                forget the gateway sign-in (revoked at the IdP)', logoutCommand],
  [
    'credential',
    'credential <resource>                 exec credential plugin for --direct contexts',
    credentialCommand,
  ],
  ['gateway', 'gateway --config FILE                 run the gateway server (SPEC §10)', gatewayCommand],
];

export const USAGE = [
  `${PRODUCT_NAME}: Kubernetes access through user impersonation`,
  '',
  'usage: gatehouse <command> [options]',
  '',
  ...COMMANDS.map(([, synopsis]) => `  ${synopsis}`),
  '',
  'global: --org FILE  --user EMAIL  (env GATEHOUSE_ORG, GATEHOUSE_USER)',
  '        GATEHOUSE_HOME=DIR  puts all app data in DIR',
  '',
].join('\n');

const OPTIONS = {
  org: { type: 'string' },
  user: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  foreground: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  'rotate-tokens': { type: 'boolean' },
  kubeconfig: { type: 'string' },
  'use-context': { type: 'string' },
  broad: { type: 'boolean' },
  browser: { type: 'boolean' },
  port: { type: 'string' },
  config: { type: 'string' },
  gateway: { type: 'string' },
  ca: { type: 'string' },
  device: { type: 'boolean' },
  direct: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal: Promise<string>;
}

/** Runs the CLI and returns the process exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  environment?: Partial<CliEnvironment>,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`gatehouse: ${(err as Error).message} (see gatehouse --help)\n`);
    return EXIT.usage;
  }
  const [name, ...positionals] = parsed.positionals;
  if (parsed.values.help || name === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (name === undefined) {
    io.err(USAGE);
    return EXIT.usage;
  }
  const entry = COMMANDS.find(([n]) => n === name);
  if (!entry) {
    io.err(`gatehouse: unknown command "${name}" (see gatehouse --help)\n`);
    return EXIT.usage;
  }
  const command = entry[2];
  if (!command) {
    io.err(`gatehouse: "${name}" is not implemented yet\n`);
    return EXIT.failure;
  }
  const ctx: CliContext = {
    io,
    args: positionals,
    options: parsed.values,
    env: environment?.env ?? process.env,
    stopSignal: environment?.stopSignal ?? new Promise(() => {}),
  };
  try {
    return await command(ctx);
  } catch (err) {
    // The error's kind, decided where it arose, is the exit code (shared/errors.ts); this is the
    // same whether the failure came from the agent, another host or this process.
    io.err(`gatehouse ${name}: ${messageOf(err)}\n`);
    return exitCodeOf(err);
  }
}
