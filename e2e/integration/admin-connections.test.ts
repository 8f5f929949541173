// The admin tools' requests to the real test cluster share kept-alive TLS connections
// (app/domain/admin/kept-alive-agents.ts): client-node alone opens a new connection, with a new
// secure context, for every request, which cost the desktop's main thread (the one relaying
// kubectl) a handshake per doctor request. tls.connect is counted, not replaced.
import tls from 'node:tls';
import { afterEach, expect, inject, it } from 'vitest';
import { clientForResource } from '../../app/domain/admin/resource-client';
import { loadOrg } from '../../app/domain/org/load';

const cluster = inject('cluster');
const originalConnect = tls.connect;

afterEach(() => {
  tls.connect = originalConnect;
});

function countConnects(): { count: number } {
  const counter = { count: 0 };
  tls.connect = ((...args: Parameters<typeof tls.connect>) => {
    counter.count += 1;
    return originalConnect(...args);
  }) as typeof tls.connect;
  return counter;
}

it('three requests from each of two admin calls in a row go over one TLS connection', async () => {
  const { org } = await loadOrg(cluster.org);
  const resource = org.resources[0]!;
  // A first call outside the count: an earlier test in this worker may have left a connection.
  await (await clientForResource(resource)).version.getCode();
  const connects = countConnects();
  const versions: string[] = [];
  for (let call = 0; call < 2; call++) {
    const client = await clientForResource(resource);
    for (let request = 0; request < 3; request++) versions.push((await client.version.getCode()).gitVersion);
  }
  expect(versions).toHaveLength(6);
  // The test cluster is built from modules, so its version is v0.0.0-master+…: the same six times.
  expect(new Set(versions).size).toBe(1);
  expect(versions[0]).toMatch(/^v\d+\.\d+\.\d+/);
  expect(connects.count).toBe(0);
});

it('concurrent requests open connections, which the next requests reuse', async () => {
  const { org } = await loadOrg(cluster.org);
  const resource = org.resources[0]!;
  const client = await clientForResource(resource);
  await client.version.getCode();
  const connects = countConnects();
  const lists = () => Promise.all([client.rbac.listClusterRole(), client.rbac.listClusterRoleBinding(), client.rbac.listRoleBindingForAllNamespaces()]);
  const first = await lists();
  const opened = connects.count;
  const second = await lists();
  expect(first.map((l) => l.items.length)).toEqual(second.map((l) => l.items.length));
  expect(first[0].items.map((role) => role.metadata?.name)).toContain('cluster-admin');
  // Up to two new ones for the concurrent three (one was free), none for the second round.
  expect(opened).toBeLessThanOrEqual(2);
  expect(connects.count).toBe(opened);
});
