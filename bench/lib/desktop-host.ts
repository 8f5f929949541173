// The desktop hosts as a person starts them, each its own process so /proc tells its memory:
// `gatehouse agent`, `gatehouse ui --browser` and `gatehouse connect <r> --foreground`, signed in
// to the org as one user (local mode), `gatehouse agent` restoring a gateway sign-in left in its
// GATEHOUSE_HOME (gateway mode), and the one-shot CLI commands that talk to a running host.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './child';

export const DEFAULT_GATEHOUSE_BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));

export type HostKind = 'agent' | 'browser mode' | 'connect --foreground' | 'agent, gateway mode';

export interface HostProcess extends Child {
  kind: HostKind;
  /** From spawn until the host printed that it is ready (foreground: `listening`). */
  startMs: number;
  /** Browser mode: the printed one-time link. Foreground: the kubeconfig written for the resource. */
  url?: string;
  kubeconfig?: string;
}

export interface HostSession {
  bin: string;
  home: string;
  org: string;
  user: string;
  resource: string;
}

function env(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, GATEHOUSE_HOME: home };
}

const signedIn = (s: HostSession): string[] => ['--org', s.org, '--user', s.user];

/** Starts a host and resolves once it says it is ready. */
export async function startHost(kind: HostKind, s: HostSession): Promise<HostProcess> {
  const args = {
    agent: ['agent', ...signedIn(s)],
    'browser mode': ['ui', '--browser', '--port', '0', ...signedIn(s)],
    'connect --foreground': ['connect', s.resource, '--foreground', ...signedIn(s)],
    // No --org/--user: the host signs in with the gateway session in its GATEHOUSE_HOME.
    'agent, gateway mode': ['agent'],
  }[kind];
  // agent: `agent ready <socket>`; browser mode: `open <url>`; foreground: `listening …` then
  // `kubeconfig <name> <path>` (the listener is up at the first; the second follows at once).
  const ready = {
    agent: /^agent ready /,
    'browser mode': /^open (\S+)$/,
    'connect --foreground': /^kubeconfig \S+ (\S+)$/,
    'agent, gateway mode': /^agent ready /,
  }[kind];
  const started = performance.now();
  let listeningMs = 0;
  const child = await startChild({
    command: process.execPath,
    args: [s.bin, ...args],
    env: env(s.home),
    ready,
    onLine: (line) => {
      if (listeningMs === 0 && /^listening /.test(line)) listeningMs = performance.now() - started;
    },
  });
  const readyMs = performance.now() - started;
  return {
    ...child,
    kind,
    startMs: kind === 'connect --foreground' ? listeningMs || readyMs : readyMs,
    ...(kind === 'browser mode' ? { url: child.ready[1] } : {}),
    ...(kind === 'connect --foreground' ? { kubeconfig: child.ready[1] } : {}),
  };
}

export interface CliRun {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}

/** One CLI command against the running host (the control socket in GATEHOUSE_HOME), timed from spawn to exit. */
export function runCli(s: HostSession, args: readonly string[]): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [s.bin, ...args], { env: env(s.home), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
  });
}

/** Like runCli, but a failure is an error naming the command and what it printed. */
export async function cli(s: HostSession, args: readonly string[]): Promise<CliRun> {
  const run = await runCli(s, args);
  if (run.code !== 0) throw new Error(`gatehouse ${args.join(' ')} exited ${run.code}:\n${run.stdout}${run.stderr}`);
  return run;
}
