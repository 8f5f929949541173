// What every CLI command gets and returns. A command fails by throwing a GatehouseError
// (shared/errors.ts) of the right kind; runCli prints its message and exits with the kind's code.
export { EXIT, type ExitCode } from '../../shared/errors';

/** Where the CLI writes; injected so tests can capture output. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

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
  'use-context'?: string;
  broad?: boolean;
  browser?: boolean;
  port?: string;
  /** `gateway --config FILE`. */
  config?: string;
  /** `login --gateway URL`. */
  gateway?: string;
  /** `login --ca FILE`: the gateway's CA (and the IdP's, when private). */
  ca?: string;
  /** `login --device`: the device flow. */
  device?: boolean;
  /** `k8s update-config --direct`: contexts straight to the gateway with the exec plugin. */
  direct?: boolean;
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
