// How CLI commands reach the agent: connect to its control socket, starting a headless agent in
// the background when none runs. Explicit --org/--user switch the agent's session.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ApiChannel, ApiErrorCode, ApiRequest, ApiResponse } from '../../shared/api';
import { ControlClient } from '../api/control-client';
import { UntrustedEndpointError } from '../api/control-endpoint-owner';
import { packageRoot } from '../package-root';
import { appDataRoot, appPaths } from '../paths';
import { CliError, EXIT, type CliContext, type ExitCode } from './command';

const BIN = join(packageRoot(), 'bin', 'gatehouse.mjs');

/** Starts `gatehouse agent` detached and resolves once it says it is ready. */
function startBackgroundAgent(ctx: CliContext, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'agent', ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: ctx.env });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('agent ready')) {
        // From now on the agent lives on its own; its output goes nowhere.
        lines.close();
        child.stdout.destroy();
        child.stderr.destroy();
        child.unref();
        resolve();
      }
    });
    child.on('exit', (code) => reject(new CliError(`the Gatehouse agent did not start (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`, EXIT.failure)));
  });
}

export async function agentClient(ctx: CliContext): Promise<ControlClient> {
  const paths = appPaths(appDataRoot(ctx.env));
  const org = ctx.options.org ?? ctx.env.GATEHOUSE_ORG;
  const user = ctx.options.user ?? ctx.env.GATEHOUSE_USER;
  let client: ControlClient;
  try {
    client = await ControlClient.connect(paths.socket);
  } catch (error) {
    // Someone else's socket or pipe: starting an agent would not help, and must not be tried over it.
    if (error instanceof UntrustedEndpointError) throw new CliError(error.message, EXIT.failure);
    await startBackgroundAgent(ctx, [...(org ? ['--org', org] : []), ...(user ? ['--user', user] : [])]);
    return ControlClient.connect(paths.socket);
  }
  if (org || user) {
    const session = await call(client, 'session.get', undefined);
    const orgFile = org ?? session.orgFile;
    const email = user ?? session.user;
    if (orgFile && email && (session.user?.toLowerCase() !== email.toLowerCase() || (org !== undefined && session.orgFile !== resolve(org)))) {
      await call(client, 'session.signIn', { orgFile, user: email });
    }
  }
  return client;
}

/** The one mapping of API error kinds to exit codes (SPEC §7), for answers from the agent and for --foreground. */
export function exitCodeFor(code: ApiErrorCode): ExitCode {
  if (code === 'config' || code === 'bad-request' || code === 'not-signed-in') return EXIT.usage;
  return code === 'refused' ? EXIT.refused : EXIT.failure;
}

/** A call whose error becomes a CliError with the matching exit code. */
export async function call<C extends ApiChannel>(client: ControlClient, channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
  const result = await client.call(channel, request);
  if (result.ok) return result.value;
  throw new CliError(result.error.message, exitCodeFor(result.error.code));
}
