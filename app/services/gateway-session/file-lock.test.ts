// The lock beside the session file: one holder at a time (in one process too), and a holder that
// died or hung does not block the others.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../shared/errors';
import { acquireFileLock, processAlive, withFileLock } from './file-lock';

const lockFile = (): string =>
  join(mkdtempSync(join(tmpdir(), 'gatehouse-lock-')), 'session', 'gateway-session.json.lock');

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('file lock', () => {
  it('two holders in one process take turns, in order; the file is gone after', async () => {
    const file = lockFile();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstMayGo = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = withFileLock(file, async () => {
      events.push('first in');
      await firstMayGo;
      events.push('first out');
    });
    await expect.poll(() => events).toEqual(['first in']);
    const second = withFileLock(file, async () => {
      events.push('second in');
    });
    // The second waits while the first holds it…
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(events).toEqual(['first in']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(file)).toBe(false);
  });

  it('a lock whose holder died is taken over at once', async () => {
    const file = lockFile();
    const release0 = await acquireFileLock(file);
    release0();
    const pid = deadPid();
    expect(processAlive(pid)).toBe(false);
    writeFileSync(file, JSON.stringify({ pid, token: 'dead' }));
    const release = await acquireFileLock(file, { waitMs: 1000 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('a lock older than staleMs is taken over even if its holder lives (hung)', async () => {
    const file = lockFile();
    (await acquireFileLock(file))();
    writeFileSync(file, JSON.stringify({ pid: process.pid, token: 'hung' }));
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    const release = await acquireFileLock(file, { staleMs: 30_000, waitMs: 1000 });
    expect(JSON.parse(readFileSync(file, 'utf8')).token).not.toBe('hung');
    release();
  });

  it('a live, fresh holder makes others wait, then give up with an unavailable error', async () => {
    const file = lockFile();
    const release = await acquireFileLock(file);
    const error = await acquireFileLock(file, { waitMs: 100, pollMs: 10 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).kind).toBe('unavailable');
    expect((error as GatehouseError).message).toContain(
      `another Gatehouse process (pid ${process.pid}) is renewing the sign-in`,
    );
    release();
  });

  it("release removes only its own lock (one taken over as stale is the new holder's)", async () => {
    const file = lockFile();
    const release = await acquireFileLock(file);
    writeFileSync(file, JSON.stringify({ pid: process.pid, token: 'someone-else' }));
    release();
    expect(JSON.parse(readFileSync(file, 'utf8')).token).toBe('someone-else');
  });
});
