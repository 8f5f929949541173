// Exec recordings stay bounded against the real cluster and real kubectl (SPEC §9): what the client
// sends is capped like what the cluster sends (bulk stdin is how `kubectl cp` copies into a pod),
// and the recordings directory is pruned by the retention settings when a recording starts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForFileIn } from '../support/file-lines';
import { connectForeground, demoOrgCopy, type ForegroundConnection } from '../support/gatehouse-cli';
import { kubectl } from '../support/kubectl';

const cluster = inject('cluster');
let alice: ForegroundConnection;
let recordings: string;
const OLD = '2001-01-01T00-00-00-000Z-staging-team-a-web-000000.cast';
const NOT_A_RECORDING = 'keep-me.txt';

beforeAll(async () => {
  const workdir = mkdtempSync(join(tmpdir(), 'gatehouse-recordings-'));
  const home = join(workdir, 'home');
  recordings = join(home, 'recordings');
  mkdirSync(recordings, { recursive: true });
  // An old recording (past the 7 days of the settings) and a file retention must never touch.
  writeFileSync(join(recordings, OLD), '{"version":2}\n');
  utimesSync(join(recordings, OLD), new Date('2001-01-01'), new Date('2001-01-01'));
  writeFileSync(join(recordings, NOT_A_RECORDING), 'x');
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ recordingsMaxAgeDays: 7, recordingsMaxTotalBytes: 64 * 1024 * 1024 }));
  alice = await connectForeground({ org: demoOrgCopy(cluster.dir, workdir), user: 'alice@example.com', resources: ['staging'], home });
});

afterAll(async () => {
  expect(await alice?.stop()).toBe(0);
});

describe('exec recordings', () => {
  it('record at most 8 MB of stdin: 32 MiB of binary stdin gives one marker, not a 200 MB file', async () => {
    // NUL bytes, like the padding of a tar stream: each one would be six bytes of JSON.
    const input = Buffer.alloc(32 * 1024 * 1024);
    const r = await kubectl(['exec', '-i', '-n', 'team-a', 'web', '--', 'wc', '-c'], { kubeconfig: alice.kubeconfigs.staging!, stdin: input });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(String(input.length)); // the session itself got every byte
    const cast = await waitForFileIn(recordings, (text) => text.includes('"m","gatehouse: input beyond 8 MB was not recorded"') && text.includes(`"o","${input.length}\\n"`), 30_000);
    expect(Buffer.byteLength(cast)).toBeLessThan(9 * 1024 * 1024);
    const markers = cast
      .split('\n')
      .filter((l) => l.includes('"m"'))
      .map((l) => (JSON.parse(l) as [number, string, string])[2]);
    expect(markers.filter((m) => m.includes('beyond'))).toEqual(['gatehouse: input beyond 8 MB was not recorded']);
    // A disk slower than the network may also drop events (each gap said so); nothing else is noted.
    for (const m of markers.filter((m) => !m.includes('beyond'))) expect(m).toMatch(/^gatehouse: \d+ events? \(\d+ bytes\) not recorded: the recording file could not keep up$/);
  });

  it('apply retention from the settings when a recording starts: the old recording is gone, other files stay', () => {
    // The first session above started the retention run; it has finished long before the
    // 32 MiB session did.
    const names = readdirSync(recordings);
    expect(names).not.toContain(OLD);
    expect(names).toContain(NOT_A_RECORDING);
    expect(readFileSync(join(recordings, NOT_A_RECORDING), 'utf8')).toBe('x');
    for (const name of names.filter((n) => n.endsWith('.cast'))) {
      expect(name).toMatch(/^\d{4}-\d\d-\d\dT[\d-]+Z-staging-team-a-web-[0-9a-f]{6}\.cast$/);
      expect(statSync(join(recordings, name)).mode & 0o777).toBe(0o600);
    }
  });
});
