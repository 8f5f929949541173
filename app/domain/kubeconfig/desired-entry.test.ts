// The items a direct (gateway) entry writes, read back by real kubectl; and the input checks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesiredEntries, desiredItems, entrySecret, type DirectEntry } from './desired-entry';
import { KUBECTL, TEST_CA_PEM } from './testing/fixtures';
import { updateKubeconfig } from './update-kubeconfig';

const direct: DirectEntry = {
  kind: 'direct',
  resource: 'staging',
  server: 'https://gw.example.com:8443/k8s/staging',
  caPem: TEST_CA_PEM,
  exec: {
    command: '/usr/bin/node',
    args: ['/opt/gatehouse/bin/gatehouse.mjs', 'credential', 'staging'],
    env: [{ name: 'GATEHOUSE_HOME', value: '/home/a/.gh' }],
  },
};

describe('direct entries', () => {
  it('write the gateway as server and the exec plugin as user, with no secret', () => {
    const items = desiredItems(direct);
    expect(items.cluster).toMatchObject({
      cluster: { server: direct.server, 'certificate-authority-data': Buffer.from(TEST_CA_PEM).toString('base64') },
    });
    expect(items.user).toMatchObject({
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: '/usr/bin/node',
          args: direct.exec.args,
          env: direct.exec.env,
          interactiveMode: 'Never',
          provideClusterInfo: false,
        },
      },
    });
    expect(items.user).not.toHaveProperty('user.token');
    expect(entrySecret(direct)).toBeNull();
    // A gateway with a public certificate: no CA written, the system's roots apply.
    expect(desiredItems({ ...direct, caPem: null }).cluster).not.toHaveProperty('cluster.certificate-authority-data');
  });

  it.each([
    [{ ...direct, server: 'http://gw.example.com/k8s/staging' }, /is not https/],
    [{ ...direct, exec: { ...direct.exec, command: 'node' } }, /not an absolute path/],
  ])('refuses what would not work (%#)', (entry, message) => {
    expect(() => checkDesiredEntries([entry])).toThrow(message);
  });

  it('kubectl reads the context, the server and the plugin back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gatehouse-direct-')), 'config');
    await updateKubeconfig({
      target: { file, path: file, source: 'flag' },
      entries: [direct],
      force: false,
      dryRun: false,
    });
    const view = JSON.parse(
      execFileSync(KUBECTL, ['--kubeconfig', file, 'config', 'view', '-o', 'json'], { encoding: 'utf8' }),
    ) as {
      clusters: Array<{ cluster: { server: string } }>;
      users: Array<{ user: { exec: { command: string; args: string[]; interactiveMode: string } } }>;
    };
    expect(view.clusters[0]?.cluster.server).toBe(direct.server);
    expect(view.users[0]?.user.exec).toMatchObject({
      command: '/usr/bin/node',
      args: direct.exec.args,
      interactiveMode: 'Never',
    });
  });
});
