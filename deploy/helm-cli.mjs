// Runs the helm that deploy/build-helm.mjs builds, with its own empty config, cache and data
// folders: nothing from the developer's helm setup (repositories, plugins, registry logins) leaks in,
// and nothing is written to their home. Rendering and linting need no network and no cluster.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHelmBinary } from './build-helm.mjs';

let helmHome;
function isolatedEnv() {
  helmHome ??= mkdtempSync(join(tmpdir(), 'gatehouse-helm-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: helmHome,
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_DATA_HOME: join(helmHome, 'data'),
    // No cluster: `helm template` and `helm lint` must not reach one by accident.
    KUBECONFIG: join(helmHome, 'no-kubeconfig'),
  };
}

/** Runs `helm ARGS…` to completion (building helm first if needed); never throws on a non-zero exit. */
export async function runHelm(args, { log } = {}) {
  const helm = await ensureHelmBinary({ log });
  return new Promise((resolve, reject) => {
    const child = spawn(helm, args, { env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}
