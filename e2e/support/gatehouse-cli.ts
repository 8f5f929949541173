// Runs the real `gatehouse` CLI (bin/gatehouse.mjs) for integration tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectLines, waitForLine } from './kubectl';

const BIN = fileURLToPath(new URL('../../bin/gatehouse.mjs', import.meta.url));

export function gatehouseEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, GATEHOUSE_HOME: home, ...extra };
}

export function spawnGatehouse(args: string[], home: string, env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return collectLines(spawn(process.execPath, [BIN, ...args], { env: gatehouseEnv(home, env) }));
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runGatehouse(args: string[], home: string, env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawnGatehouse(args, home, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface ForegroundConnection {
  home: string;
  process: ChildProcessWithoutNullStreams;
  /** resource → kubeconfig written for it */
  kubeconfigs: Record<string, string>;
  ports: Record<string, number>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `gatehouse connect <resources…> --foreground`, resolved once every listener is up. */
export async function connectForeground(opts: { org: string; user: string; resources: string[]; home?: string; env?: Record<string, string> }): Promise<ForegroundConnection> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'gatehouse-home-'));
  const child = spawnGatehouse(['connect', ...opts.resources, '--foreground', '--org', opts.org, '--user', opts.user], home, opts.env);
  const kubeconfigs: Record<string, string> = {};
  const ports: Record<string, number> = {};
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    for (let i = 0; i < opts.resources.length; i++) {
      const listening = await waitForLine(child, /^listening (\S+) 127\.0\.0\.1:(\d+)$/);
      ports[listening[1]!] = Number(listening[2]);
      const kubeconfig = await waitForLine(child, /^kubeconfig (\S+) (\S+)$/);
      kubeconfigs[kubeconfig[1]!] = kubeconfig[2]!;
    }
  } catch (err) {
    throw new Error(`${(err as Error).message}\nstderr:\n${stderr}`, { cause: err });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    home,
    process: child,
    kubeconfigs,
    ports,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * A copy of the cluster's demo org in `dir`, with its kubeconfig paths made absolute so it can
 * live anywhere; `extraResources` is YAML appended to its `resources:` list (the last section).
 */
export function demoOrgCopy(clusterDir: string, dir: string, extraResources = ''): string {
  const yaml = readFileSync(join(clusterDir, 'org.yaml'), 'utf8').replaceAll('./leased', `${clusterDir}/leased`);
  const file = join(dir, `org-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(file, yaml + extraResources);
  return file;
}
