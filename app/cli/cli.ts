import { PRODUCT_NAME } from '../../shared';

/** Where the CLI writes; injected so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes from SPEC §7. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;

const COMMANDS: ReadonlyArray<readonly [name: string, synopsis: string]> = [
  ['status', 'status [--json]                       assigned resources, port, state, health'],
  ['connect', 'connect <name>|--all [--foreground]'],
  ['disconnect', 'disconnect <name>|--all'],
  ['k8s', 'k8s update-config [--dry-run] [--force] [--kubeconfig PATH]'],
  ['whoami', 'whoami [--json]                       email, roles, groups (with warnings)'],
  ['roles', 'roles preview [--json]                every role -> group, collisions, invalid'],
  ['doctor', 'doctor [<name>] [--json]'],
  ['rbac', 'rbac generate [<name>]                YAML to apply as cluster admin'],
  ['ui', 'ui [--browser]                        open the app (or browser mode)'],
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

const OPTIONS_WITH_VALUE = new Set(['--org', '--user', '--kubeconfig']);

/** The first positional argument, skipping the values of options such as `--org FILE`. */
function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Runs the CLI and returns the process exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const command = commandOf(argv);
  if (argv.includes('--help') || argv.includes('-h') || command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  if (command === undefined) {
    io.err(USAGE);
    return EXIT.usage;
  }
  if (!COMMANDS.some(([name]) => name === command)) {
    io.err(`gatehouse: unknown command "${command}" (see gatehouse --help)\n`);
    return EXIT.usage;
  }
  io.err(`gatehouse: "${command}" is not implemented yet\n`);
  return EXIT.failure;
}
