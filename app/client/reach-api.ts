// How a command line reaches the API (app/client is the one thing the CLI imports besides shared/):
// every command is a client of it (SPEC §1), through the running
// host's control socket when one runs, through the same `dispatch` in this process when none does.
//
// Which person and org file, when the CLI's --org/--user (or GATEHOUSE_ORG/GATEHOUSE_USER) differ
// from the running host's session:
// - Commands that read, and `k8s update-config` (which writes only the kubeconfig), name the org
//   file and person in the request itself (`orgFile`/`user`), so the host answers for them without
//   switching its session — the UI and the connections it holds stay as they are — and the answer
//   is the same as the in-process one would be.
// - status, connect and disconnect are about the host's connections: explicit --org/--user sign the
//   host in as that person first (as `gatehouse connect --user bob` always did), and an agent is
//   started in the background when no host runs.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { PersonChoice } from '../../shared/api';
import { GatehouseError } from '../../shared/errors';
import { connectToHost, inProcessApi, type ApiClient } from './api-client';
import { defaultOrgPath } from '../domain/org/default-path';
import { packageRoot } from '../platform/package-root';
import { appDataRoot, appPaths } from '../platform/paths';

/** What reaching the API needs of a command line (a ReachContext has it). */
export interface ReachContext {
  options: { org?: string; user?: string };
  env: NodeJS.ProcessEnv;
}

export type { ApiClient } from './api-client';

const BIN = join(packageRoot(), 'bin', 'gatehouse.mjs');

/** Starts `gatehouse agent` detached and resolves once it says it is ready. */
function startBackgroundAgent(ctx: ReachContext, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'agent', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: ctx.env,
  });
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
    child.on('exit', (code) =>
      reject(
        new GatehouseError(
          'unavailable',
          `the Gatehouse agent did not start (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`,
        ),
      ),
    );
  });
}

function explicitOrg(ctx: ReachContext): string | undefined {
  return ctx.options.org ?? ctx.env.GATEHOUSE_ORG;
}

function explicitUser(ctx: ReachContext): string | undefined {
  return ctx.options.user ?? ctx.env.GATEHOUSE_USER;
}

function socketOf(ctx: ReachContext): string {
  return appPaths(appDataRoot(ctx.env)).socket;
}

/** For commands that read (or write only files): the running host, else the API in this process. */
export async function readingApi(ctx: ReachContext): Promise<ApiClient> {
  return (await connectToHost(socketOf(ctx))) ?? inProcessApi(appPaths(appDataRoot(ctx.env)));
}

/**
 * For commands about the host's connections: the running host, or a background agent started for
 * them. Explicit --org/--user switch the host's session when it is signed in as someone else.
 */
export async function hostApiStartingAgent(ctx: ReachContext): Promise<ApiClient> {
  const org = explicitOrg(ctx);
  const user = explicitUser(ctx);
  const running = await connectToHost(socketOf(ctx));
  if (!running) {
    await startBackgroundAgent(ctx, [...(org ? ['--org', org] : []), ...(user ? ['--user', user] : [])]);
    const started = await connectToHost(socketOf(ctx));
    if (!started)
      throw new GatehouseError(
        'unavailable',
        `the Gatehouse agent said it was ready, but nothing answers on ${socketOf(ctx)}`,
      );
    return started;
  }
  if (org || user) {
    try {
      const session = await running.call('session.get', undefined);
      const orgFile = org ?? session.orgFile;
      const email = user ?? session.user;
      if (
        orgFile &&
        email &&
        (session.user?.toLowerCase() !== email.toLowerCase() || (org !== undefined && session.orgFile !== resolve(org)))
      ) {
        await running.call('session.signIn', { orgFile: resolve(orgFile), user: email });
      }
    } catch (err) {
      await running.close();
      throw err;
    }
  }
  return running;
}

/** Runs `work` with `api`, closing it afterwards whatever happens. */
export async function withApi<T>(
  api: ApiClient | Promise<ApiClient>,
  work: (api: ApiClient) => Promise<T>,
): Promise<T> {
  const client = await api;
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

/**
 * The org file the command works on: --org, GATEHOUSE_ORG, the last sign-in, else the platform's
 * default (SPEC §2). Absolute, so a host with another working directory reads the same file.
 */
export async function chosenOrgFile(ctx: ReachContext, api: ApiClient): Promise<string | undefined> {
  // Signed in at a gateway and no file named: the gateway's org (its admin views answer).
  if (explicitOrg(ctx) === undefined && (await api.call('session.get', undefined)).gateway !== null) return undefined;
  const file =
    explicitOrg(ctx) ??
    (await api.call('settings.get', undefined)).orgFile ??
    defaultOrgPath({ env: ctx.env, home: ctx.env.HOME ?? homedir() });
  return resolve(file);
}

/** The person the command is about: the org file as above, and --user, GATEHOUSE_USER or the last sign-in. */
export async function chosenPerson(ctx: ReachContext, api: ApiClient): Promise<PersonChoice | undefined> {
  // Signed in at a gateway and nobody named: the person the gateway says the sign-in is.
  if (
    explicitOrg(ctx) === undefined &&
    explicitUser(ctx) === undefined &&
    (await api.call('session.get', undefined)).gateway !== null
  )
    return undefined;
  const remembered = await api.call('settings.get', undefined);
  const user = explicitUser(ctx) ?? remembered.user;
  if (!user)
    throw new GatehouseError('usage', 'no user: pass --user EMAIL or set GATEHOUSE_USER (or sign in once in the app)');
  const orgFile =
    explicitOrg(ctx) ??
    (await api.call('settings.get', undefined)).orgFile ??
    defaultOrgPath({ env: ctx.env, home: ctx.env.HOME ?? homedir() });
  return { orgFile: resolve(orgFile), user };
}
