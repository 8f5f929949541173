// Starts the real test cluster (e2e/cluster) for tests and benchmarks and tells them where its
// files are. One cluster serves a whole test run; see e2e/support/global-setup.ts.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { ensureClusterBinary } from './build.mjs';

export interface ClusterInfo {
  dir: string;
  server: string;
  adminKubeconfig: string;
  leasedKubeconfig: string;
  leasedCertKubeconfig: string;
  org: string;
  auditLog: string;
}

export interface RunningCluster extends ClusterInfo {
  stop(): Promise<void>;
}

export function clusterInfo(dir: string, server: string): ClusterInfo {
  return {
    dir,
    server,
    adminKubeconfig: join(dir, 'admin.kubeconfig'),
    leasedKubeconfig: join(dir, 'leased.kubeconfig'),
    leasedCertKubeconfig: join(dir, 'leased-cert.kubeconfig'),
    org: join(dir, 'org.yaml'),
    auditLog: join(dir, 'audit.log'),
  };
}

export async function startCluster(dir = mkdtempSync(join(tmpdir(), 'gatehouse-cluster-'))): Promise<RunningCluster> {
  const binary = await ensureClusterBinary({ log: (line) => process.stderr.write(`${line}\n`) });
  // stdin is our lifeline: if this process dies, the pipe closes and the cluster stops itself.
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(binary, ['--dir', dir, '--stop-on-stdin-eof'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const server = await new Promise<string>((resolve, reject) => {
    let url = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith('server ')) url = line.slice('server '.length);
      if (line === 'ready') resolve(url);
    });
    void exited.then((code) =>
      reject(new Error(`test cluster exited with code ${code} before it was ready:\n${stderr.join('').slice(-4000)}`)),
    );
  });
  return {
    ...clusterInfo(dir, server),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
