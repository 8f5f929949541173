// What every CLI command gets and returns.

/** Where the CLI writes; injected so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes from SPEC §7. */
export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliOptions {
  org?: string;
  user?: string;
  json?: boolean;
  all?: boolean;
  foreground?: boolean;
  'dry-run'?: boolean;
  force?: boolean;
  'rotate-tokens'?: boolean;
  kubeconfig?: string;
  broad?: boolean;
  browser?: boolean;
  port?: string;
}

export interface CliContext {
  io: CliIo;
  /** Positional arguments after the command name. */
  args: string[];
  options: CliOptions;
  env: NodeJS.ProcessEnv;
  stopSignal: Promise<string>;
}

export type Command = (ctx: CliContext) => Promise<number>;

/** An error with its exit code; its message is the one line printed to stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
