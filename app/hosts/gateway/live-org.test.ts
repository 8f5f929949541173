// The org reloads live, including the way a ConfigMap volume changes: org.yaml is a symlink to
// ..data/org.yaml, and ..data a symlink Kubernetes swaps (rename) to a new timestamped directory.
// An invalid edit keeps the last valid org and says why; inCluster resources get the config's
// ServiceAccount directory.
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveOrg } from './live-org';

const root = mkdtempSync(join(tmpdir(), 'gatehouse-liveorg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const orgText = (users: string[]): string => `users:
${users.map((u) => `  - {email: ${u}, roles: [Dev]}`).join('\n')}
roles: [{name: Dev, rules: [{resources: [home]}]}]
resources:
  - {name: home, type: kubernetes-user-impersonation, cluster: {inCluster: true}}
`;

/** A ConfigMap volume: <dir>/..<n>/org.yaml, <dir>/..data → ..<n>, <dir>/org.yaml → ..data/org.yaml. */
function configMapVolume(dir: string): { publish: (text: string) => void } {
  let n = 0;
  mkdirSync(dir, { recursive: true });
  const publish = (text: string): void => {
    const version = `..2026_01_01_00_00_0${n++}`;
    mkdirSync(join(dir, version));
    writeFileSync(join(dir, version, 'org.yaml'), text);
    symlinkSync(version, join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  };
  return { publish };
}

describe('LiveOrg', () => {
  it('follows a ConfigMap symlink swap, keeps the last valid org on a bad one, fills in the ServiceAccount dir', async () => {
    const dir = join(root, 'cm');
    const volume = configMapVolume(dir);
    volume.publish(orgText(['a@example.com']));
    symlinkSync('..data/org.yaml', join(dir, 'org.yaml'));
    const outcomes: string[] = [];
    let wake: () => void = () => {};
    const live = await LiveOrg.start(join(dir, 'org.yaml'), {
      serviceAccountDir: '/sa',
      debounceMs: 20,
      pollIntervalMs: 100,
      onReload: (o) => {
        outcomes.push(o.ok ? `ok ${o.org.users.map((u) => u.email).join(',')}` : `failed ${o.error}`);
        wake();
      },
    });
    const next = (): Promise<void> => new Promise((resolve) => (wake = resolve));
    try {
      expect(live.current().users.map((u) => u.email)).toEqual(['a@example.com']);
      expect(live.current().resources[0]?.cluster).toEqual({ inCluster: true, serviceAccountDir: '/sa' });

      let reloaded = next();
      volume.publish(orgText(['a@example.com', 'b@example.com']));
      await reloaded;
      expect(live.current().users.map((u) => u.email)).toEqual(['a@example.com', 'b@example.com']);

      reloaded = next();
      volume.publish('users: [');
      await reloaded;
      expect(live.lastError).toMatch(/invalid YAML/);
      expect(live.current().users).toHaveLength(2);

      reloaded = next();
      volume.publish(orgText(['c@example.com']));
      await reloaded;
      expect(live.lastError).toBeNull();
      expect(live.current().users.map((u) => u.email)).toEqual(['c@example.com']);
      expect(outcomes).toEqual(['ok a@example.com,b@example.com', expect.stringMatching(/^failed .*invalid YAML/), 'ok c@example.com']);
    } finally {
      live.close();
    }
  });

  it('refuses to start on an invalid org, naming the file', async () => {
    const file = join(root, 'bad.yaml');
    writeFileSync(file, 'users: []\n');
    await expect(LiveOrg.start(file)).rejects.toThrow(/bad\.yaml/);
  });
});
