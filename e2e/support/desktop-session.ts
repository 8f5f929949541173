// The person's side of a gateway sign-in, for integration tests that run the real CLI: signing in
// with `gatehouse login --device` approved at the test provider, reading what the sign-in keeps in
// app data (gateway-session.json: the ID token, its expiry, the refresh token under the CLI's
// owner-only "plain" box), waiting for the ID token to expire, and stopping the background agent
// a command started.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlClient } from '../../app/transports/control-client';
import { spawnGatehouse } from './gatehouse-cli';
import { waitForLine } from './kubectl';
import type { OidcProviderInfo } from './oidc/info';
import { approveDevice } from './oidc/tokens';

export const SESSION_FILE = 'gateway-session.json';

export interface SavedSignIn {
  /** Random per sign-in (a refresh keeps it). */
  id: string;
  idToken: string;
  idTokenExpiresAt: number;
  /** The refresh token as the CLI keeps it: its box is the owner-only file, the sealed text is the token. */
  refreshToken: string | null;
  expired: string | null;
}

/** What `home`'s gateway sign-in holds now (read fresh each time: the agent renews it). */
export function savedSignIn(home: string): SavedSignIn {
  const raw = JSON.parse(readFileSync(join(home, SESSION_FILE), 'utf8')) as {
    id: string;
    idToken: string;
    idTokenExpiresAt: string;
    refreshToken: { storage: string; sealed: string } | null;
    expired: string | null;
  };
  if (raw.refreshToken && raw.refreshToken.storage !== 'owner-only-file')
    throw new Error(`${home}: the refresh token is sealed by a ${raw.refreshToken.storage} box, not the CLI's`);
  return {
    id: raw.id,
    idToken: raw.idToken,
    idTokenExpiresAt: Date.parse(raw.idTokenExpiresAt),
    refreshToken: raw.refreshToken?.sealed ?? null,
    expired: raw.expired,
  };
}

/** Every secret `home`'s sign-in holds now, to prove none leaks. */
export function secretsOf(home: string): string[] {
  const saved = savedSignIn(home);
  return [saved.idToken, ...(saved.refreshToken ? [saved.refreshToken] : [])];
}

/**
 * Waits until the ID token saved for `home` has expired (the one time a test sleeps: a token's
 * lifetime is what is being tested). Something may renew it meanwhile (the agent's health checks):
 * then it waits for that one too, so what is saved when this returns is an expired token. Returns
 * the expiry that passed.
 */
export async function untilTokenExpired(home: string, marginMs = 300): Promise<number> {
  for (;;) {
    const { idTokenExpiresAt } = savedSignIn(home);
    const left = idTokenExpiresAt + marginMs - Date.now();
    if (left <= 0) return idTokenExpiresAt;
    await sleep(left);
  }
}

/**
 * Waits until the ID token saved for `home` has `leftMs` of life left (into the window where it
 * is due for renewal, but still good). Returns that token's expiry; throws if it has less already.
 */
export async function untilTokenHasLeft(home: string, leftMs: number): Promise<number> {
  const { idTokenExpiresAt } = savedSignIn(home);
  const wait = idTokenExpiresAt - leftMs - Date.now();
  if (wait < 0)
    throw new Error(`the ID token saved in ${home} has only ${idTokenExpiresAt - Date.now()} ms left, not ${leftMs}`);
  await sleep(wait);
  return idTokenExpiresAt;
}

/**
 * `gatehouse login --gateway URL --ca CA --device` for `home`, approved as `login` through the
 * provider's own device pages; resolves once the CLI said `signed in as …` and exited 0. With an
 * agent running for `home`, the agent signs in (its listeners then forward with the new tokens).
 */
export async function deviceLogin(opts: {
  home: string;
  gateway: string;
  caFile: string;
  idp: OidcProviderInfo;
  login: string;
}): Promise<void> {
  const child = spawnGatehouse(['login', '--gateway', opts.gateway, '--ca', opts.caFile, '--device'], opts.home);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const visit = (await waitForLine(child, /^visit (https:\/\/\S+)$/))[1] ?? '';
    await approveDevice(opts.idp, visit, opts.login);
    await waitForLine(child, /^signed in as (\S+)$/);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`gatehouse login --device for ${opts.login}: ${(error as Error).message}\nstderr:\n${stderr}`, {
      cause: error,
    });
  }
  const code = await exited;
  if (code !== 0) throw new Error(`gatehouse login --device exited ${code}:\n${stderr}`);
}

/** Stops the background agent that a command (`status`, `connect`) started for `home`, if one runs. */
export async function stopBackgroundAgent(home: string): Promise<void> {
  const client = await ControlClient.connect(join(home, 'agent.sock')).catch(() => null);
  if (!client) return;
  const info = await client.call('app.info', undefined);
  client.close();
  if (info.ok) process.kill(info.value.pid, 'SIGTERM');
}
