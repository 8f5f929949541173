// Starts the test OpenID provider (main.ts) as a child process and waits until it is ready. The
// vitest global setup starts one per run; its `gatehouse-short` client (info.shortLivedClientId)
// has tokens of seconds for refresh tests, and a test that needs still other lifetimes starts its
// own the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readProviderInfo, type OidcProviderInfo } from './info';
import type { Lifetimes } from './provider';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface RunningOidcProvider {
  info: OidcProviderInfo;
  stop(): Promise<void>;
}

export interface StartOidcProviderOptions {
  dir?: string;
  lifetimes?: Partial<Lifetimes>;
  /** Generated people besides the demo accounts (accounts.ts generatedAccounts), for load tests. */
  generatedAccounts?: number;
}

export async function startOidcProvider(options: StartOidcProviderOptions = {}): Promise<RunningOidcProvider> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-oidc-'));
  const ttl = options.lifetimes ?? {};
  const args = [MAIN, '--dir', dir, '--stop-on-stdin-eof'];
  if (ttl.idToken) args.push('--id-token-ttl', String(ttl.idToken));
  if (ttl.accessToken) args.push('--access-token-ttl', String(ttl.accessToken));
  if (ttl.refreshToken) args.push('--refresh-token-ttl', String(ttl.refreshToken));
  if (options.generatedAccounts) args.push('--generated-accounts', String(options.generatedAccounts));
  // stdin is its lifeline: if this process dies, the pipe closes and the provider stops itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    // Its own errors (server_error) matter while debugging a test; keep them visible.
    process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve();
    });
    void exited.then((code) =>
      reject(
        new Error(
          `test OpenID provider exited with code ${code} before it was ready:\n${stderr.join('').slice(-4000)}`,
        ),
      ),
    );
  });
  return {
    info: readProviderInfo(dir),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      // Its signing keys are in there: a directory we made goes with the provider.
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
